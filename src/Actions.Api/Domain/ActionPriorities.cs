using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentPlatform.Actions.Domain;

/// <summary>The written forms of <see cref="ActionPriority"/>: <c>P1</c>–<c>P3</c>, with <c>must</c>, <c>should</c>, <c>nice</c> as aliases.</summary>
public static class ActionPriorities
{
    public const string Expected = "P1, P2 or P3 (or must, should, nice)";

    public static bool TryParse(string? text, out ActionPriority priority)
    {
        ActionPriority? parsed = text?.Trim().ToLowerInvariant() switch
        {
            "p1" or "must" => ActionPriority.P1,
            "p2" or "should" => ActionPriority.P2,
            "p3" or "nice" => ActionPriority.P3,
            _ => null,
        };
        priority = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>Reads a priority in any written form; writes <c>P1</c>.</summary>
    public sealed class JsonConverter : JsonConverter<ActionPriority>
    {
        public override ActionPriority Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return TryParse(text, out var priority) ? priority : throw new JsonException($"'{text}' is not a priority; use {Expected}.");
        }

        public override void Write(Utf8JsonWriter writer, ActionPriority value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>
/// The platform's JSON: camelCase, enums as strings, and every instant written in UTC ISO-8601
/// (<c>2024-03-15T14:23:00Z</c>) whatever offset it was read with.
/// </summary>
public static class JsonConventions
{
    public static readonly JsonSerializerOptions Default = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Whether two values read the same in the platform's JSON (how a value record with lists is compared).</summary>
    public static bool SameJson<T>(T left, T right) => JsonSerializer.Serialize(left, Default) == JsonSerializer.Serialize(right, Default);

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Missing or null values reach the request's own validation, which names each field.
        options.RespectNullableAnnotations = true;
        options.Converters.Add(new SeverityJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        return options;
    }

    /// <summary>Writes <c>SEV2</c>; reads SEV1–SEV4 and the P1–P4 aliases, in any case.</summary>
    private sealed class SeverityJsonConverter : JsonConverter<Severity>
    {
        public override Severity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return SeverityNames.TryParse(text, out var severity)
                ? severity
                : throw new JsonException($"'{text}' is not a severity; use SEV1, SEV2, SEV3 or SEV4 (or P1–P4).");
        }

        public override void Write(Utf8JsonWriter writer, Severity value, JsonSerializerOptions options) =>
            writer.WriteStringValue(SeverityNames.Format(value));
    }

    private sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            // An instant without an offset is ambiguous; the API states UTC, so we refuse to guess.
            if (text is null
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                || !HasExplicitOffset(text))
            {
                throw new JsonException($"'{text}' is not an ISO-8601 instant with an offset (e.g. 2024-03-15T14:23:00Z).");
            }

            return value.ToUniversalTime();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

        private static bool HasExplicitOffset(string text) =>
            text.EndsWith('Z') || text.EndsWith('z')
            || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
    }
}

using System.Text.Json;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>Query-string values read the way the JSON API writes them, a bad one being a 400 naming its parameter.</summary>
public static class QueryValues
{
    /// <summary>Parses a camelCase enum value (as the JSON API writes it), case-insensitively.</summary>
    public static Func<string, TEnum> ParseEnum<TEnum>(string parameter) where TEnum : struct, Enum => value =>
        TryParseEnum(value.Trim(), out TEnum parsed)
            ? parsed
            : throw new ValidationException(parameter,
                $"'{value}' is not one of {NamesOf<TEnum>()}.");

    /// <summary>A defined member named <paramref name="value"/>, case-insensitively (a number is not a name).</summary>
    public static bool TryParseEnum<TEnum>(string value, out TEnum parsed) where TEnum : struct, Enum =>
        Enum.TryParse(value, ignoreCase: true, out parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _);

    /// <summary>The members as the JSON API writes them: camelCase, comma-separated.</summary>
    public static string NamesOf<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName));
}

using System.Text.Json;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>Query-string values read the way the JSON API writes them, a bad one being a 400 naming its parameter.</summary>
public static class QueryValues
{
    /// <summary>Parses a camelCase enum value (as the JSON API writes it), case-insensitively.</summary>
    public static Func<string, TEnum> ParseEnum<TEnum>(string parameter) where TEnum : struct, Enum => value =>
        Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new ValidationException(parameter,
                $"'{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>().Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
}

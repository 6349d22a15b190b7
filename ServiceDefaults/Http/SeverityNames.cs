using IncidentPlatform.Contracts;

namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>The written forms of <see cref="Severity"/>: <c>SEV1</c>…<c>SEV4</c>, with <c>P1</c>…<c>P4</c> as aliases.</summary>
public static class SeverityNames
{
    public static string Format(Severity severity) => $"SEV{(int)severity}";

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = default;
        var trimmed = text?.Trim().ToUpperInvariant();
        var digits = trimmed switch
        {
            ['S', 'E', 'V', .. var rest] => rest,
            ['P', .. var rest] => rest,
            _ => null,
        };
        if (digits is not [var digit] || digit is < '1' or > '4')
        {
            return false;
        }

        severity = (Severity)(digit - '0');
        return true;
    }
}

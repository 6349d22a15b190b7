using System.Globalization;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>The human id of an incident: <c>INC-{year}-{sequence}</c>, at least three digits (INC-2024-042).</summary>
public static class IncidentReference
{
    public static string Format(int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"INC-{year}-{sequence:000}");
}

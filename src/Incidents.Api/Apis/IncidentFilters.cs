using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>
/// The filters the incident list and the org metrics share, as query parameters. Each may be repeated
/// (<c>?severity=SEV1&amp;severity=SEV2</c>); values are parsed here so a bad one is a 400 naming the parameter.
/// </summary>
public sealed record IncidentFilters(
    [FromQuery(Name = "severity")] string[]? Severity,
    [FromQuery(Name = "kind")] string[]? Kind,
    [FromQuery(Name = "service")] string[]? Service)
{
    public Severity[] Severities() => [.. (Severity ?? []).Select(value =>
        SeverityNames.TryParse(value, out var severity)
            ? severity
            : throw new ValidationException("severity", $"'{value}' is not a severity; use SEV1–SEV4 (or P1–P4)."))];

    public IncidentKind[] Kinds() => [.. (Kind ?? []).Select(QueryValues.ParseEnum<IncidentKind>("kind"))];

    public string[] Services() => [.. (Service ?? []).Select(s => s.Trim()).Where(s => s.Length > 0)];
}

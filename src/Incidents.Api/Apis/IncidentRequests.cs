using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;

namespace IncidentPlatform.Incidents.Apis;

/// <param name="Title">What happened, in a line.</param>
/// <param name="Severity">SEV1–SEV4 (P1–P4 accepted).</param>
/// <param name="Services">Affected services, e.g. <c>checkout-api</c>.</param>
/// <param name="StartedAt">When the incident really began (UTC; may be in the past).</param>
/// <param name="DetectedAt">When it was detected, if it has been.</param>
/// <param name="IncidentLead">Who leads the response and owns the review; the caller when omitted.</param>
/// <param name="Summary">What happened and what it affected, in a paragraph or two.</param>
/// <param name="Kind">outage, degradedRelease, security, data, internalTooling or nearMiss; unclassified when omitted.</param>
/// <param name="Tags">Free labels, e.g. <c>payments</c>, <c>canary</c>; stored lower-case.</param>
public sealed record DeclareIncidentRequest(
    [Required] string? Title,
    [Required] Severity? Severity,
    [Required] DateTimeOffset? StartedAt,
    DateTimeOffset? DetectedAt = null,
    IReadOnlyList<string>? Services = null,
    PersonRefRequest? IncidentLead = null,
    string? Summary = null,
    IncidentKind? Kind = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Changes to an incident's description; what is omitted stays as it is, an empty summary clears it.</summary>
public sealed record UpdateIncidentRequest(
    string? Title = null,
    string? Summary = null,
    IncidentKind? Kind = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyList<string>? Services = null);

public sealed record PersonRefRequest([Required, StringLength(64)] string? UserId, [Required, StringLength(200)] string? DisplayName);

/// <param name="Severity">The new severity (SEV1–SEV4; P1–P4 accepted).</param>
/// <param name="Reason">Why it changes, e.g. "Impact wider than first thought: all EU customers".</param>
public sealed record ChangeSeverityRequest([Required] Severity? Severity, [Required] string? Reason);

/// <param name="At">When the step really happened (UTC); now when omitted.</param>
public sealed record LifecycleStepRequest(DateTimeOffset? At = null);

public sealed record IncidentResponse(
    Guid Id,
    string Reference,
    string Title,
    string? Summary,
    IncidentKind? Kind,
    IReadOnlyList<string> Tags,
    Severity Severity,
    IncidentStatus Status,
    IReadOnlyList<string> Services,
    PersonRef IncidentLead,
    DateTimeOffset StartedAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? MitigatedAt,
    DateTimeOffset? ResolvedAt,
    double? DurationMinutes,
    ResponseMetricsResponse Metrics,
    IReadOnlyList<SeverityChange> SeverityChanges,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static IncidentResponse From(Incident incident) => new(
        incident.Id,
        incident.Reference,
        incident.Title,
        incident.Summary,
        incident.Kind,
        incident.Tags,
        incident.Severity,
        incident.Status,
        incident.Services,
        incident.IncidentLead,
        incident.StartedAt,
        incident.DetectedAt,
        incident.AcknowledgedAt,
        incident.MitigatedAt,
        incident.ResolvedAt,
        incident.Duration?.TotalMinutes,
        ResponseMetricsResponse.From(ResponseMetrics.Of(incident)),
        incident.SeverityChanges,
        incident.CreatedAt,
        incident.UpdatedAt);
}

/// <summary>Response metrics in minutes: detect from the start; acknowledge, mitigate and resolve from detection; duration start to resolution.</summary>
public sealed record ResponseMetricsResponse(
    double? TimeToDetectMinutes,
    double? TimeToAcknowledgeMinutes,
    double? TimeToMitigateMinutes,
    double? TimeToResolveMinutes,
    double? DurationMinutes)
{
    public static ResponseMetricsResponse From(ResponseMetrics metrics) => new(
        metrics.TimeToDetect?.TotalMinutes,
        metrics.TimeToAcknowledge?.TotalMinutes,
        metrics.TimeToMitigate?.TotalMinutes,
        metrics.TimeToResolve?.TotalMinutes,
        metrics.Duration?.TotalMinutes);
}

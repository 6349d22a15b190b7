using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.People;
using IncidentPlatform.Incidents.Domain.Record;

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

/// <param name="Reason">Why it is not over, e.g. "Errors came back after the rollback".</param>
public sealed record ReopenIncidentRequest([Required] string? Reason);

public sealed record PersonRefRequest([Required, StringLength(64)] string? UserId, [Required, StringLength(200)] string? DisplayName);

/// <param name="Severity">The new severity (SEV1–SEV4; P1–P4 accepted).</param>
/// <param name="Reason">Why it changes, e.g. "Impact wider than first thought: all EU customers".</param>
public sealed record ChangeSeverityRequest([Required] Severity? Severity, [Required] string? Reason);

/// <param name="At">When the step really happened (UTC); now when omitted.</param>
public sealed record LifecycleStepRequest(DateTimeOffset? At = null);

/// <param name="UserId">The new lead's Entra object id.</param>
/// <param name="Reason">Why the lead changes hands, e.g. "Handoff at end of shift"; optional.</param>
public sealed record ChangeLeadRequest(
    [Required, StringLength(64)] string? UserId, [Required, StringLength(200)] string? DisplayName, string? Reason = null);

/// <param name="Role">responder, communicationsLead, operationsLead, subjectMatterExpert, scribe, serviceOwner, support, customerSuccess, stakeholder or observer.</param>
public sealed record SetParticipantRequest([Required, StringLength(200)] string? DisplayName, [Required] ParticipantRole? Role);

/// <param name="Kind">dashboard, logs, ticket, chat, deployReport, runbook, customerComms or other.</param>
/// <param name="Url">An absolute http(s) URL.</param>
/// <param name="Title">What it shows; the URL when omitted.</param>
public sealed record AddEvidenceRequest([Required] EvidenceKind? Kind, [Required] string? Url, string? Title = null);

/// <param name="Amount">In the currency's units, e.g. 4500.</param>
/// <param name="Currency">ISO 4217 code, e.g. USD.</param>
public sealed record MoneyRequest([Required] decimal? Amount, [Required] string? Currency);

/// <summary>Everything known of the impact; an omitted figure is unknown, not zero.</summary>
/// <param name="DowntimeMinutes">Minutes the service was unavailable to its users.</param>
/// <param name="SlasBreached">The agreements breached, e.g. "checkout availability 99.95%".</param>
/// <param name="RevenueEstimate">Revenue lost or at risk.</param>
public sealed record RecordImpactRequest(
    long? AffectedUsers = null,
    long? AffectedCustomers = null,
    long? FailedRequests = null,
    decimal? DowntimeMinutes = null,
    IReadOnlyList<string>? SlasBreached = null,
    MoneyRequest? RevenueEstimate = null,
    int? CustomerEscalations = null,
    int? SupportTickets = null,
    string? Notes = null)
{
    public IncidentImpact ToImpact() => new(
        AffectedUsers, AffectedCustomers, FailedRequests, DowntimeMinutes, SlasBreached,
        RevenueEstimate is { Amount: { } amount, Currency: { } currency } ? new Money(amount, currency) : null,
        CustomerEscalations, SupportTickets, Notes);
}

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
    DateTimeOffset? ClosedAt,
    Guid? ClosedByReviewId,
    double? DurationMinutes,
    ResponseMetricsResponse Metrics,
    IReadOnlyList<Participant> Participants,
    IncidentImpact Impact,
    IReadOnlyList<EvidenceLink> Evidence,
    IReadOnlyList<SeverityChange> SeverityChanges,
    IReadOnlyList<LeadChange> LeadChanges,
    IReadOnlyList<Reopening> Reopenings,
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
        incident.ClosedAt,
        incident.ClosedByReviewId,
        incident.Duration?.TotalMinutes,
        ResponseMetricsResponse.From(ResponseMetrics.Of(incident)),
        incident.Participants,
        incident.Impact,
        incident.Evidence,
        incident.SeverityChanges,
        incident.LeadChanges,
        incident.Reopenings,
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

namespace IncidentPlatform.Contracts;

public sealed record IncidentResolved(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    string Title,
    Severity Severity,
    IReadOnlyList<string> Services,
    PersonRef IncidentLead,
    DateTimeOffset StartedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset ResolvedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

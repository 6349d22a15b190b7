namespace IncidentPlatform.Contracts;

public sealed record IncidentDeclared(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    string Title,
    Severity Severity,
    IReadOnlyList<string> Services,
    PersonRef IncidentLead,
    DateTimeOffset StartedAt,
    DateTimeOffset? DetectedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

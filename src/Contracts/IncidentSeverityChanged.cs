namespace IncidentPlatform.Contracts;

/// <summary>An incident was reclassified; who did it and why are part of the record.</summary>
public sealed record IncidentSeverityChanged(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    Severity From,
    Severity To,
    string Reason,
    PersonRef ChangedBy,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

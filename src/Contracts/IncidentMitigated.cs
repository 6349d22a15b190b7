namespace IncidentPlatform.Contracts;

/// <summary>The incident's impact was mitigated (it may not be resolved yet).</summary>
public sealed record IncidentMitigated(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    Severity Severity,
    DateTimeOffset MitigatedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

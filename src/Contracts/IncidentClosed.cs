namespace IncidentPlatform.Contracts;

/// <summary>An incident was closed because its review was published.</summary>
public sealed record IncidentClosed(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    Guid ReviewId,
    DateTimeOffset ClosedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

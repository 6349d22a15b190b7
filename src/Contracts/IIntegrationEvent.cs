namespace IncidentPlatform.Contracts;

/// <summary>
/// An event one service publishes for others. Every event belongs to exactly one organization,
/// says when it happened, and carries the version of its schema so consumers can evolve safely.
/// </summary>
public interface IIntegrationEvent
{
    Guid OrgId { get; }

    DateTimeOffset OccurredAt { get; }

    int SchemaVersion { get; }
}

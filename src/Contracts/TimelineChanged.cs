namespace IncidentPlatform.Contracts;

/// <summary>How an incident's timeline changed.</summary>
public enum TimelineChange
{
    Added,
    Edited,
    Deleted,
    Imported,
}

/// <summary>An incident's timeline changed: entries were added, edited, deleted or imported.</summary>
public sealed record TimelineChanged(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    TimelineChange Change,
    IReadOnlyList<Guid> EntryIds,
    int EntryCount,
    PersonRef ChangedBy,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

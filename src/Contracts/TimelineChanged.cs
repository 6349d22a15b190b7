namespace IncidentPlatform.Contracts;

/// <summary>How an incident's timeline changed.</summary>
public enum TimelineChange
{
    Added,
    Edited,
    Deleted,
    Imported,
}

/// <summary>
/// An incident's timeline changed: entries were added, edited, deleted or imported. <see cref="Entries"/> carries the
/// added, edited or imported entries as they now are, so a consumer keeps its copy of the timeline without calling
/// back; a large import comes as several events of at most <see cref="MaxEntriesPerEvent"/> entries.
/// </summary>
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
    public const int MaxEntriesPerEvent = 500;

    public int SchemaVersion { get; init; } = 1;

    /// <summary>The entries as they now are (added in schema 1 without breaking it: older messages have none; deletions have none).</summary>
    public IReadOnlyList<TimelineEntrySnapshot> Entries { get; init; } = [];
}

/// <summary>
/// One timeline entry as it is at <see cref="Version"/>: kind and knowledge in camelCase (<c>rollback</c>,
/// <c>learnedLater</c>); a higher version replaces a lower one, whatever order the events arrive in.
/// </summary>
public sealed record TimelineEntrySnapshot(
    Guid EntryId,
    DateTimeOffset OccurredAt,
    string Kind,
    string Text,
    string? Source,
    string Knowledge,
    bool IsKeyMoment,
    PersonRef Author,
    int Version);

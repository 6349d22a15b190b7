using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Reviews.Domain.Timeline;

/// <summary>
/// Reviews' copy of one entry of an incident's timeline, kept from <c>TimelineChanged</c> so a review reads the
/// timeline without calling Incidents and its report snapshots it at publication. Events may arrive out of order: a
/// higher version replaces a lower one, and a deletion is kept as a tombstone so a late edit cannot bring it back.
/// </summary>
public sealed class TimelineEntryCopy : IOrgOwned
{
    private TimelineEntryCopy()
    {
    }

    public Guid OrgId { get; private set; }

    public Guid IncidentId { get; private set; }

    public Guid EntryId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public string Kind { get; private set; } = "";

    public string Text { get; private set; } = "";

    public string? Source { get; private set; }

    public string Knowledge { get; private set; } = "";

    public bool IsKeyMoment { get; private set; }

    public PersonRef Author { get; private set; } = null!;

    public int Version { get; private set; }

    public bool IsDeleted { get; private set; }

    public static TimelineEntryCopy Of(Guid orgId, Guid incidentId, TimelineEntrySnapshot snapshot)
    {
        var copy = new TimelineEntryCopy { OrgId = orgId, IncidentId = incidentId, EntryId = snapshot.EntryId, Version = -1 };
        copy.Apply(snapshot);
        return copy;
    }

    public static TimelineEntryCopy Tombstone(Guid orgId, Guid incidentId, Guid entryId) =>
        new() { OrgId = orgId, IncidentId = incidentId, EntryId = entryId, Author = new PersonRef("", ""), IsDeleted = true };

    /// <summary>Takes the entry as the snapshot has it, unless this copy is newer or deleted.</summary>
    public bool Apply(TimelineEntrySnapshot snapshot)
    {
        if (IsDeleted || snapshot.Version <= Version)
        {
            return false;
        }

        (OccurredAt, Kind, Text, Source, Knowledge, IsKeyMoment, Author, Version) =
            (snapshot.OccurredAt, snapshot.Kind, snapshot.Text, snapshot.Source, snapshot.Knowledge, snapshot.IsKeyMoment, snapshot.Author, snapshot.Version);
        return true;
    }

    public void Delete() => IsDeleted = true;
}

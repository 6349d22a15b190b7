using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Timeline;
using IncidentPlatform.Reviews.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Consumers;

/// <summary>Keeps Reviews' copy of every incident's timeline, whether or not its review is open yet.</summary>
public sealed class TimelineChangedConsumer(ReviewsDbContext db) : IConsumer<TimelineChanged>
{
    public async Task Consume(ConsumeContext<TimelineChanged> context)
    {
        var change = context.Message;
        var ids = change.Entries.Select(e => e.EntryId).Concat(change.EntryIds).Distinct().ToList();
        var copies = await db.TimelineEntries.Where(e => ids.Contains(e.EntryId)).ToDictionaryAsync(e => e.EntryId, context.CancellationToken);
        if (change.Change == TimelineChange.Deleted)
        {
            foreach (var id in change.EntryIds)
            {
                if (copies.TryGetValue(id, out var copy))
                {
                    copy.Delete();
                }
                else
                {
                    db.TimelineEntries.Add(TimelineEntryCopy.Tombstone(change.OrgId, change.IncidentId, id));
                }
            }
        }
        else
        {
            foreach (var snapshot in change.Entries)
            {
                if (copies.TryGetValue(snapshot.EntryId, out var copy))
                {
                    copy.Apply(snapshot);
                }
                else
                {
                    db.TimelineEntries.Add(TimelineEntryCopy.Of(change.OrgId, change.IncidentId, snapshot));
                }
            }
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}

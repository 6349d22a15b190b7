using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the outbox relay when a save that wrote events has committed on its own (an API request).
/// Saves inside an explicit transaction (a consumer's inbox) notify after their commit instead.
/// </summary>
internal sealed class OutboxCommitNotifier(OutboxSignal signal) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommittedEvents(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommittedEvents(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void NotifyIfCommittedEvents(DbContext? context)
    {
        // A spurious wake-up only costs the relay one empty query, so "tracks an outbox row" is precise enough.
        if (context is not null && context.Database.CurrentTransaction is null && context.ChangeTracker.Entries<OutboxMessage>().Any())
        {
            signal.Notify();
        }
    }
}

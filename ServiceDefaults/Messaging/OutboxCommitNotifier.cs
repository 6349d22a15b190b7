using System.Data.Common;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the outbox relay as soon as events are committed: after a save that committed on its own, or after the
/// commit of an explicit transaction whose context wrote events (a bulk import, a numbered declaration).
/// Without it the relay would find them on its next poll.
/// </summary>
internal sealed class OutboxCommitNotifier(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
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

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        NotifyIfWroteEvents(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfWroteEvents(eventData.Context);
        return Task.CompletedTask;
    }

    private void NotifyIfCommittedEvents(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null)
        {
            NotifyIfWroteEvents(context);
        }
    }

    private void NotifyIfWroteEvents(DbContext? context)
    {
        // A spurious wake-up only costs the relay one empty query, so "tracks an outbox row" is precise enough.
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any())
        {
            signal.Notify();
        }
    }
}

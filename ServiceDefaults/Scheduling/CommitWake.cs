using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace IncidentPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// Wakes a worker once a save that left it work has committed: at the end of its transaction (a consumer's inbox), or
/// right after the save when it had none (an API call such as a replay). Work is a tracked <typeparamref name="TWork"/>
/// for which <paramref name="isPending"/> holds.
/// </summary>
public sealed class CommitWake<TWork>(WakeSignal signal, Func<TWork, bool> isPending) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TWork : class
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfSavedOnItsOwn(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfSavedOnItsOwn(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => NotifyIfPending(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    // A save inside a transaction has not committed yet: its commit notifies.
    private void NotifyIfSavedOnItsOwn(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            NotifyIfPending(context);
        }
    }

    private void NotifyIfPending(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<TWork>().Any(entry => isPending(entry.Entity)))
        {
            signal.Notify();
        }
    }
}

/// <summary>Carries out <see cref="ServiceDbContext.WakeAfterCommit"/>: notifies on commit, forgets on rollback.</summary>
internal sealed class RequestedCommitWakes : IDbTransactionInterceptor
{
    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData, committed: true);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData, committed: false);

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: false);
        return Task.CompletedTask;
    }

    private static void Ended(TransactionEndEventData eventData, bool committed) =>
        (eventData.Context as ServiceDbContext)?.TransactionEnded(committed);
}

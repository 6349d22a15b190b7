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

/// <summary>
/// Tells a <see cref="ServiceDbContext"/> how its transaction ended, for <see cref="ServiceDbContext.WakeAfterCommit"/>
/// (notifies on commit, forgets on rollback) and <see cref="ServiceDbContext.WhenTransactionEnds"/>.
/// </summary>
internal sealed class TransactionOutcomes : IDbTransactionInterceptor
{
    // What the previous transaction left pending ended without a word from EF (it was disposed, not rolled back).
    public System.Data.Common.DbTransaction TransactionStarted(System.Data.Common.DbConnection connection, TransactionEndEventData eventData, System.Data.Common.DbTransaction result)
    {
        (eventData.Context as ServiceDbContext)?.AbandonTransactionEndActions();
        return result;
    }

    public ValueTask<System.Data.Common.DbTransaction> TransactionStartedAsync(System.Data.Common.DbConnection connection, TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

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

    // A commit that failed may still have committed (the connection broke before its answer): only its certain end counts.
    public void TransactionFailed(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData) => Ended(eventData, committed: false);

    public Task TransactionFailedAsync(System.Data.Common.DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData, committed: false);
        return Task.CompletedTask;
    }

    private static void Ended(DbContextEventData eventData, bool committed) =>
        (eventData.Context as ServiceDbContext)?.TransactionEnded(committed);
}

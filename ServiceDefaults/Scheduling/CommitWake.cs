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
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            NotifyIfPending(context);
        }

        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            NotifyIfPending(context);
        }

        return Task.CompletedTask;
    }

    private void NotifyIfPending(DbContext context)
    {
        if (context.ChangeTracker.Entries<TWork>().Any(entry => isPending(entry.Entity)))
        {
            signal.Notify();
        }
    }
}

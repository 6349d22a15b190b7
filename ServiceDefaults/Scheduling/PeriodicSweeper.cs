using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IncidentPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// Scheduled work kept in the database rather than in memory: every interval, sweep what has come due, batch after batch
/// while batches come back full. A failed sweep is logged and retried at the next interval, so a restart or a database
/// blip delays the work but never loses it. Sweeps lock their rows (<c>FOR UPDATE SKIP LOCKED</c>) and mark them in
/// the same transaction as their events (<see cref="InOutboxBatchAsync{TContext}"/>), so several replicas never do the
/// same work twice and a crash does none of it twice.
/// </summary>
public abstract partial class PeriodicSweeper(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger)
    : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>The most rows one batch takes (bound as <c>@batch</c>).</summary>
    protected abstract int BatchSize { get; }

    protected IServiceScopeFactory Scopes => scopes;

    protected TimeProvider Clock => clock;

    /// <summary>Sweeps one batch of each kind of due work; true when a batch was full, so there may be more right away.</summary>
    public abstract Task<bool> SweepOnceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs one batch in a transaction of its own, on a command with <c>@now</c> and <c>@batch</c> bound: <paramref name="batch"/>
    /// selects and locks what came due, marks it and adds its events to the context; they commit together (and the commit
    /// wakes the outbox relay). Returns how many rows the batch announced.
    /// </summary>
    protected async Task<int> InOutboxBatchAsync<TContext>(
        string what, Func<TContext, NpgsqlCommand, DateTimeOffset, Task<int>> batch, CancellationToken cancellationToken)
        where TContext : ServiceDbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await using var command = db.CreateCommand(transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", BatchSize);
        var count = await batch(db, command, now);
        if (count == 0)
        {
            return 0;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRaised(count, what);
        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SweepOnceAsync(stoppingToken))
                {
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(GetType().Name, e);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Raised {Count} {What}(s).")]
    private partial void LogRaised(int count, string what);

    [LoggerMessage(LogLevel.Error, "{Sweeper} failed; the next sweep retries.")]
    private partial void LogSweepFailed(string sweeper, Exception exception);
}

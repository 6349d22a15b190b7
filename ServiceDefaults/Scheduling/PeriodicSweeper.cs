using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IncidentPlatform.ServiceDefaults.Scheduling;

/// <summary>
/// Scheduled work kept in the database rather than in memory: every interval, sweep what has come due, batch after batch
/// while batches come back full. A failed sweep is logged and retried at the next interval, so a restart or a database
/// blip delays the work but never loses it. Sweeps lock their rows (<c>FOR UPDATE SKIP LOCKED</c>) and mark them in
/// the same transaction as their events, so several replicas never do the same work twice.
/// </summary>
public abstract partial class PeriodicSweeper(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected ILogger Logger => logger;

    protected TimeProvider Clock => clock;

    /// <summary>Sweeps one batch of each kind of due work; true when a batch was full, so there may be more right away.</summary>
    public abstract Task<bool> SweepOnceAsync(CancellationToken cancellationToken);

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

    [LoggerMessage(LogLevel.Error, "{Sweeper} failed; the next sweep retries.")]
    private partial void LogSweepFailed(string sweeper, Exception exception);
}

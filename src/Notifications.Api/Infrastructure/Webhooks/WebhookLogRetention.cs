using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>
/// Keeps the delivery log to its retention (<c>Webhooks:Retention</c>, 31 days, the widest replay): finished deliveries
/// older than that are deleted with their attempts, a batch at a time, every hour. Pending ones stay whatever their age.
/// The ids are UUIDv7, so "created before the cutoff" is a range of the primary key.
/// </summary>
public sealed partial class WebhookLogRetention(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookLogRetention> logger) : BackgroundService
{
    private const int BatchSize = 5000;
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Deletes every finished delivery past the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Guid.CreateVersion7(clock.GetUtcNow() - options.Value.Retention);
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            deleted = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM webhook_deliveries WHERE id IN (
                    SELECT id FROM webhook_deliveries WHERE id < {cutoff} AND status <> 'Pending' LIMIT {BatchSize})
                """, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            LogPruned(total, options.Value.Retention.TotalDays);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPruneFailed(e);
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

    [LoggerMessage(LogLevel.Information, "Pruned {Count} webhook deliveries older than {Days} days.")]
    private partial void LogPruned(int count, double days);

    [LoggerMessage(LogLevel.Error, "Pruning the webhook delivery log failed; the next run retries.")]
    private partial void LogPruneFailed(Exception exception);
}

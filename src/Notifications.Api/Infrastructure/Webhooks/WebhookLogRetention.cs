using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>
/// Keeps the delivery log to its retention (<c>Webhooks:Retention</c>, 31 days, the widest replay): finished deliveries
/// older than that are deleted with their attempts, a batch at a time, every hour. Pending ones stay whatever their age.
/// The ids are UUIDv7, so "created before the cutoff" is a range of the primary key.
/// </summary>
public sealed partial class WebhookLogRetention(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<WebhookLogRetention> logger)
    : PeriodicSweeper(scopes, clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override int BatchSize => 5000;

    public override async Task<bool> SweepOnceAsync(CancellationToken cancellationToken) =>
        await PruneBatchAsync(cancellationToken) == BatchSize;

    /// <summary>Deletes one batch of finished deliveries past the retention; returns how many.</summary>
    public async Task<int> PruneBatchAsync(CancellationToken cancellationToken)
    {
        var cutoff = Guid.CreateVersion7(Clock.GetUtcNow() - options.Value.Retention);
        await using var scope = Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var deleted = await db.Database.ExecuteSqlAsync($"""
            DELETE FROM webhook_deliveries WHERE id IN (
                SELECT id FROM webhook_deliveries WHERE id < {cutoff} AND status <> 'Pending' LIMIT {BatchSize})
            """, cancellationToken);
        if (deleted > 0)
        {
            LogPruned(deleted, options.Value.Retention.TotalDays);
        }

        return deleted;
    }

    [LoggerMessage(LogLevel.Information, "Pruned {Count} webhook deliveries older than {Days} days.")]
    private partial void LogPruned(int count, double days);
}

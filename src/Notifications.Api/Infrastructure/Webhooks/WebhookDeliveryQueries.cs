using IncidentPlatform.Notifications.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

public static class WebhookDeliveryQueries
{
    /// <summary>
    /// Marks an endpoint's waiting deliveries skipped (it was disabled). Deliveries in flight are left to finish their
    /// attempt; they see the endpoint disabled when it is recorded. A replay of the period sends them later.
    /// </summary>
    public static Task<int> SkipWaitingDeliveriesAsync(this NotificationsDbContext db, Guid endpointId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending && (d.LeasedUntil == null || d.LeasedUntil < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Skipped)
                .SetProperty(d => d.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(d => d.CompletedAt, now)
                .SetProperty(d => d.LastError, WebhookDelivery.EndpointDisabledError), cancellationToken);

    /// <summary>
    /// Writes back what recording attempts changed on these deliveries (read untracked): one statement for the batch,
    /// where EF's change tracker would write a statement per delivery. The columns are the ones
    /// <see cref="WebhookDelivery.RecordAttempt"/> and <see cref="WebhookDelivery.Skip"/> change.
    /// </summary>
    public static Task<int> SaveRecordedAsync(this NotificationsDbContext db, IReadOnlyCollection<WebhookDelivery> deliveries, CancellationToken cancellationToken)
    {
        Guid[] ids = [.. deliveries.Select(d => d.Id)];
        string[] statuses = [.. deliveries.Select(d => d.Status.ToString())];
        int[] attemptCounts = [.. deliveries.Select(d => d.AttemptCount)];
        DateTimeOffset?[] nextAttempts = [.. deliveries.Select(d => d.NextAttemptAt)];
        DateTimeOffset?[] leases = [.. deliveries.Select(d => d.LeasedUntil)];
        DateTimeOffset?[] completions = [.. deliveries.Select(d => d.CompletedAt)];
        int?[] statusCodes = [.. deliveries.Select(d => d.LastStatusCode)];
        string?[] errors = [.. deliveries.Select(d => d.LastError)];
        return db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries d
            SET status = u.status, attempt_count = u.attempt_count, next_attempt_at = u.next_attempt_at, leased_until = u.leased_until,
                completed_at = u.completed_at, last_status_code = u.last_status_code, last_error = u.last_error
            FROM unnest({ids}, {statuses}, {attemptCounts}, {nextAttempts}, {leases}, {completions}, {statusCodes}, {errors})
                AS u(id, status, attempt_count, next_attempt_at, leased_until, completed_at, last_status_code, last_error)
            WHERE d.id = u.id
            """, cancellationToken);
    }
}

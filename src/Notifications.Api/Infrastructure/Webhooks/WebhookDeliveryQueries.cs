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
}

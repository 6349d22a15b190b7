using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>Turns one partner event into a delivery for each of the org's endpoints subscribed to its type.</summary>
public sealed class WebhookFanOut(NotificationsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Adds the deliveries to the current unit of work (a consumer's inbox transaction: they commit with the mark that
    /// the event was handled, so a redelivered event makes none twice). A disabled endpoint gets its delivery as
    /// skipped, so that a replay of the time it was disabled can still send it.
    /// </summary>
    public async Task<int> FanOutAsync(PartnerEvent partnerEvent, CancellationToken cancellationToken)
    {
        var endpoints = await db.WebhookEndpoints.Where(e => e.EventTypes.Contains(partnerEvent.Type)).ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var payload = partnerEvent.ToJson();
        var now = clock.GetUtcNow();
        db.WebhookDeliveries.AddRange(endpoints.Select(endpoint => WebhookDelivery.Create(endpoint, partnerEvent, payload, now)));
        await db.SaveChangesAsync(cancellationToken);
        return endpoints.Count;
    }
}

/// <summary>Wakes the webhook dispatcher when deliveries it should send have committed.</summary>
public sealed class WebhookSignal : WakeSignal;

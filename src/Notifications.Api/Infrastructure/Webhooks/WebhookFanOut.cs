using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>Turns one partner event into a delivery for each of the org's endpoints subscribed to its type.</summary>
public sealed class WebhookFanOut(NotificationsDbContext db, WebhookDispatcher dispatcher, WebhookSignal signal, TimeProvider clock)
{
    /// <summary>The org's endpoints (disabled ones included) subscribed to the type: those a fan-out writes a delivery for.</summary>
    public async Task<IReadOnlyDictionary<Guid, WebhookEndpoint>> SubscribedEndpointsAsync(string eventType, CancellationToken cancellationToken)
    {
        var endpoints = new Dictionary<Guid, WebhookEndpoint>();
        await foreach (var endpoint in SubscribedEndpoints(db, eventType).WithCancellation(cancellationToken))
        {
            endpoints.Add(endpoint.Id, endpoint);
        }

        return endpoints;
    }

    /// <summary>
    /// Writes a delivery for each endpoint in the current transaction (a consumer's inbox transaction: they commit with
    /// the mark that the event was handled, so a redelivered event makes none twice). With <paramref name="sendWhileWriting"/>,
    /// the dispatcher takes over the ones it has room for and sends them while they are written; for the others its claim
    /// is woken once they commit. A disabled endpoint gets its delivery as skipped, so that a replay of the time it was
    /// disabled can still send it.
    /// Copied rather than saved through the change tracker: at 100 events a second EF's insert statements were a
    /// quarter of the service's CPU.
    /// </summary>
    public async Task<int> FanOutAsync(
        PartnerEvent partnerEvent, IReadOnlyDictionary<Guid, WebhookEndpoint> endpoints, bool sendWhileWriting, CancellationToken cancellationToken)
    {
        if (endpoints.Count == 0)
        {
            return 0;
        }

        var payload = partnerEvent.ToJson();
        var now = clock.GetUtcNow();
        WebhookDelivery[] deliveries = [.. endpoints.Values.Select(endpoint => WebhookDelivery.Create(endpoint, partnerEvent, payload, now))];
        var takenOver = sendWhileWriting ? dispatcher.TakeOver(db, deliveries, endpoints) : 0;
        await db.CopyAsync(deliveries, cancellationToken);
        if (takenOver < deliveries.Count(d => d.Status == WebhookDeliveryStatus.Pending))
        {
            db.WakeAfterCommit(signal);
        }

        return deliveries.Length;
    }

    /// <summary>
    /// Compiled once: it runs for every event, and most events find no endpoint, so EF's work to look a LINQ query up in
    /// its cache on each call was about a third of the fan-out's CPU.
    /// </summary>
    private static readonly Func<NotificationsDbContext, string, IAsyncEnumerable<WebhookEndpoint>> SubscribedEndpoints =
        EF.CompileAsyncQuery((NotificationsDbContext db, string eventType) => db.WebhookEndpoints.AsNoTracking().Where(e => e.EventTypes.Contains(eventType)));
}

/// <summary>Wakes the webhook dispatcher when deliveries it should send have committed.</summary>
public sealed class WebhookSignal : WakeSignal;

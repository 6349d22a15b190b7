using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

/// <summary>
/// Wakes the dispatcher once a save that left deliveries pending has committed: at the end of its transaction (a
/// consumer's inbox), or right after the save when it had none (an API call such as a replay).
/// </summary>
internal sealed class WebhookCommitNotifier(WebhookSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
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
        if (context.ChangeTracker.Entries<WebhookDelivery>().Any(entry => entry.Entity.Status == WebhookDeliveryStatus.Pending))
        {
            signal.Notify();
        }
    }
}

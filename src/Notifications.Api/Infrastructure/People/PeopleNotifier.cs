using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.ServiceDefaults.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Infrastructure.People;

/// <summary>Wakes the channel dispatcher when deliveries it should send have committed.</summary>
public sealed class ChannelDeliverySignal : WakeSignal;

/// <summary>
/// Tells a person something: the notification goes to their inbox, and in the same unit of work a delivery is queued
/// for each channel their preferences turn on for its kind, to go out when their quiet hours allow.
/// </summary>
public sealed class PeopleNotifier(NotificationsDbContext db, TimeProvider clock)
{
    public async Task NotifyAsync(Notification notification, CancellationToken cancellationToken)
    {
        db.Notifications.Add(notification);
        var preferences = db.NotificationPreferences.Local.FirstOrDefault(p => p.UserId == notification.RecipientUserId)
            ?? await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == notification.RecipientUserId, cancellationToken);
        if (preferences is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var sendFrom = preferences.SendableFrom(now);
        foreach (var channel in preferences.ChannelsFor(notification.Kind))
        {
            db.ChannelDeliveries.Add(ChannelDelivery.Create(notification, channel, sendFrom, now));
        }
    }
}

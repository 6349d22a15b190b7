using System.Globalization;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.People;
using MassTransit;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>Tells the owner of a new action item that it is theirs, and when it is due.</summary>
public sealed class ActionItemCreatedConsumer(NotificationsDbContext db, PeopleNotifier people, TimeProvider clock) : IConsumer<ActionItemCreated>
{
    public async Task Consume(ConsumeContext<ActionItemCreated> context)
    {
        var item = context.Message;
        await people.NotifyAsync(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemAssigned,
            $"Action item for {item.IncidentReference}: {item.Title}",
            string.Create(CultureInfo.InvariantCulture, $"[{item.Priority}] due {item.DueDate:yyyy-MM-dd}."),
            $"/api/action-items/{item.ActionItemId}", context.MessageId!.Value, clock.GetUtcNow()), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

using System.Globalization;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.People;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>Reminds the owner of an unfinished action item that its due date is near, and keeps it for their digest.</summary>
public sealed class ActionItemDueSoonConsumer(NotificationsDbContext db, PeopleNotifier people, TimeProvider clock) : IConsumer<ActionItemDueSoon>
{
    public async Task Consume(ConsumeContext<ActionItemDueSoon> context)
    {
        var item = context.Message;
        var now = clock.GetUtcNow();
        await db.RemindOfAsync(item.OrgId, item.ActionItemId, item.Owner, item.Title, item.Priority, item.DueDate, item.IncidentReference, now, context.CancellationToken);
        await people.NotifyAsync(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemDueSoon,
            string.Create(CultureInfo.InvariantCulture, $"Due {item.DueDate:yyyy-MM-dd}: {item.Title}"),
            $"[{item.Priority}] from the review of {item.IncidentReference}. Mark it done with its evidence, or move the date with a reason.",
            $"/api/action-items/{item.ActionItemId}", context.MessageId!.Value, now), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tells the owner an action item is overdue (an overdue P1 also goes to whom the org escalates to), and keeps it for their digest.</summary>
public sealed class ActionItemOverdueConsumer(NotificationsDbContext db, PeopleNotifier people, TimeProvider clock) : IConsumer<ActionItemOverdue>
{
    public async Task Consume(ConsumeContext<ActionItemOverdue> context)
    {
        var item = context.Message;
        var now = clock.GetUtcNow();
        var link = $"/api/action-items/{item.ActionItemId}";
        var due = item.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await db.RemindOfAsync(item.OrgId, item.ActionItemId, item.Owner, item.Title, item.Priority, item.DueDate, item.IncidentReference, now, context.CancellationToken);
        await people.NotifyAsync(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemOverdue,
            $"Overdue since {due}: {item.Title}", $"[{item.Priority}] from the review of {item.IncidentReference}.",
            link, context.MessageId!.Value, now), context.CancellationToken);
        if (item.EscalateTo is { } manager && manager.UserId != item.Owner.UserId)
        {
            await people.NotifyAsync(Notification.Create(
                item.OrgId, manager.UserId, manager.DisplayName, NotificationKind.ActionItemEscalated,
                $"Overdue P1 of {item.Owner.DisplayName}: {item.Title}",
                $"Due {due}, from the review of {item.IncidentReference}. It may need time made for it, help, or a new date.",
                link, context.MessageId!.Value, now), context.CancellationToken);
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>An action item that is finished (done, verified) or dropped (won't do) leaves its owner's digest.</summary>
public sealed class ActionItemStatusChangedConsumer(NotificationsDbContext db) : IConsumer<ActionItemStatusChanged>
{
    private static readonly string[] Finished = ["done", "verified", "wontDo"];

    public async Task Consume(ConsumeContext<ActionItemStatusChanged> context)
    {
        if (Finished.Contains(context.Message.To, StringComparer.OrdinalIgnoreCase))
        {
            await db.ActionReminders.Where(r => r.ActionItemId == context.Message.ActionItemId).ExecuteDeleteAsync(context.CancellationToken);
        }
    }
}

/// <summary>Tells the owner that someone else verified their action item.</summary>
public sealed class ActionItemVerifiedConsumer(PeopleNotifier people, NotificationsDbContext db, TimeProvider clock) : IConsumer<ActionItemVerified>
{
    public async Task Consume(ConsumeContext<ActionItemVerified> context)
    {
        var item = context.Message;
        await people.NotifyAsync(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemVerified,
            $"Verified by {item.VerifiedBy.DisplayName}: {item.Title}", $"From the review of {item.IncidentReference}.",
            $"/api/action-items/{item.ActionItemId}", context.MessageId!.Value, clock.GetUtcNow()), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tells a review's owner that its 2-week check or 30-day follow-up has come, with how its actions stand.</summary>
public sealed class ReviewFollowUpDueConsumer(PeopleNotifier people, NotificationsDbContext db, TimeProvider clock) : IConsumer<ReviewFollowUpDue>
{
    public async Task Consume(ConsumeContext<ReviewFollowUpDue> context)
    {
        var review = context.Message;
        var checkpoint = review.Checkpoint == FollowUpCheckpoints.TwoWeekCheck ? "2-week check" : "30-day follow-up";
        await people.NotifyAsync(Notification.Create(
            review.OrgId, review.Owner.UserId, review.Owner.DisplayName, NotificationKind.ReviewFollowUpDue,
            $"{review.IncidentReference}: {checkpoint} of its action items",
            string.Create(CultureInfo.InvariantCulture, $"{review.DoneItems} done, {review.OpenItems} open, {review.OverdueItems} of them overdue."),
            $"/api/action-items?reviewId={review.ReviewId}", context.MessageId!.Value, clock.GetUtcNow()), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

internal static class ActionReminders
{
    /// <summary>Adds or refreshes the item in its owner's digest (an item may change owner, title or date between reminders).</summary>
    public static async Task RemindOfAsync(
        this NotificationsDbContext db, Guid orgId, Guid actionItemId, PersonRef owner, string title, string priority, DateOnly dueDate,
        string incidentReference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reminder = await db.ActionReminders.SingleOrDefaultAsync(r => r.ActionItemId == actionItemId, cancellationToken);
        if (reminder is null)
        {
            reminder = ActionReminder.Create(orgId, actionItemId, now);
            db.ActionReminders.Add(reminder);
        }

        reminder.Update(owner.UserId, title, priority, dueDate, incidentReference, now);
    }
}

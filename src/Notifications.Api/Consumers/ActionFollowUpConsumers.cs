using System.Globalization;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Infrastructure;
using MassTransit;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>Reminds the owner of an unfinished action item that its due date is near.</summary>
public sealed class ActionItemDueSoonConsumer(NotificationsDbContext db, TimeProvider clock) : IConsumer<ActionItemDueSoon>
{
    public async Task Consume(ConsumeContext<ActionItemDueSoon> context)
    {
        var item = context.Message;
        db.Notifications.Add(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemDueSoon,
            string.Create(CultureInfo.InvariantCulture, $"Due {item.DueDate:yyyy-MM-dd}: {item.Title}"),
            $"[{item.Priority}] from the review of {item.IncidentReference}. Mark it done with its evidence, or move the date with a reason.",
            $"/api/action-items/{item.ActionItemId}", context.MessageId!.Value, clock.GetUtcNow()));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tells the owner an action item is overdue; an overdue P1 also goes to whom the org escalates to.</summary>
public sealed class ActionItemOverdueConsumer(NotificationsDbContext db, TimeProvider clock) : IConsumer<ActionItemOverdue>
{
    public async Task Consume(ConsumeContext<ActionItemOverdue> context)
    {
        var item = context.Message;
        var now = clock.GetUtcNow();
        var link = $"/api/action-items/{item.ActionItemId}";
        var due = item.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        db.Notifications.Add(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemOverdue,
            $"Overdue since {due}: {item.Title}", $"[{item.Priority}] from the review of {item.IncidentReference}.",
            link, context.MessageId!.Value, now));
        if (item.EscalateTo is { } manager && manager.UserId != item.Owner.UserId)
        {
            db.Notifications.Add(Notification.Create(
                item.OrgId, manager.UserId, manager.DisplayName, NotificationKind.ActionItemEscalated,
                $"Overdue P1 of {item.Owner.DisplayName}: {item.Title}",
                $"Due {due}, from the review of {item.IncidentReference}. It may need time made for it, help, or a new date.",
                link, context.MessageId!.Value, now));
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tells the owner that someone else verified their action item.</summary>
public sealed class ActionItemVerifiedConsumer(NotificationsDbContext db, TimeProvider clock) : IConsumer<ActionItemVerified>
{
    public async Task Consume(ConsumeContext<ActionItemVerified> context)
    {
        var item = context.Message;
        db.Notifications.Add(Notification.Create(
            item.OrgId, item.Owner.UserId, item.Owner.DisplayName, NotificationKind.ActionItemVerified,
            $"Verified by {item.VerifiedBy.DisplayName}: {item.Title}", $"From the review of {item.IncidentReference}.",
            $"/api/action-items/{item.ActionItemId}", context.MessageId!.Value, clock.GetUtcNow()));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Tells a review's owner that its 2-week check or 30-day follow-up has come, with how its actions stand.</summary>
public sealed class ReviewFollowUpDueConsumer(NotificationsDbContext db, TimeProvider clock) : IConsumer<ReviewFollowUpDue>
{
    public async Task Consume(ConsumeContext<ReviewFollowUpDue> context)
    {
        var review = context.Message;
        var checkpoint = review.Checkpoint == FollowUpCheckpoints.TwoWeekCheck ? "2-week check" : "30-day follow-up";
        db.Notifications.Add(Notification.Create(
            review.OrgId, review.Owner.UserId, review.Owner.DisplayName, NotificationKind.ReviewFollowUpDue,
            $"{review.IncidentReference}: {checkpoint} of its action items",
            string.Create(CultureInfo.InvariantCulture, $"{review.DoneItems} done, {review.OpenItems} open, {review.OverdueItems} of them overdue."),
            $"/api/action-items?reviewId={review.ReviewId}", context.MessageId!.Value, clock.GetUtcNow()));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

using System.Globalization;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.People;
using MassTransit;

namespace IncidentPlatform.Notifications.Consumers;

/// <summary>Tells the incident lead that the review of their incident is open, and what is due first.</summary>
public sealed class ReviewCreatedConsumer(NotificationsDbContext db, PeopleNotifier people, TimeProvider clock) : IConsumer<ReviewCreated>
{
    public async Task Consume(ConsumeContext<ReviewCreated> context)
    {
        var review = context.Message;
        var firstDeadline = review.Deadlines.OrderBy(d => d.DueAt).FirstOrDefault();
        var body = firstDeadline is null
            ? $"You own the review of {review.IncidentReference}."
            : string.Create(CultureInfo.InvariantCulture,
                $"You own the review of {review.IncidentReference}. First step: {firstDeadline.Step}, due {firstDeadline.DueAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");

        await people.NotifyAsync(Notification.Create(
            review.OrgId, review.Owner.UserId, review.Owner.DisplayName, NotificationKind.ReviewAssigned,
            $"Review opened for {review.IncidentReference}: {review.IncidentTitle}", body,
            $"/api/reviews/{review.ReviewId}", context.MessageId!.Value, clock.GetUtcNow()), context.CancellationToken);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

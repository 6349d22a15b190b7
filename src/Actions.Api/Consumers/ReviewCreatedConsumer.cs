using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Consumers;

/// <summary>Learns of a new review so action items can be attached to it.</summary>
public sealed class ReviewCreatedConsumer(ActionsDbContext db) : IConsumer<ReviewCreated>
{
    public async Task Consume(ConsumeContext<ReviewCreated> context)
    {
        var review = context.Message;
        if (await db.KnownReviews.AnyAsync(r => r.ReviewId == review.ReviewId, context.CancellationToken))
        {
            return;
        }

        db.KnownReviews.Add(new KnownReview
        {
            ReviewId = review.ReviewId,
            OrgId = review.OrgId,
            IncidentId = review.IncidentId,
            IncidentReference = review.IncidentReference,
            Severity = review.Severity,
            OpenedAt = review.OccurredAt,
            Services = [.. review.Services],
            Owner = review.Owner with { },
        });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

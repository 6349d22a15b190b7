using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Consumers;

/// <summary>Counts a review's action items, for its readiness (SEV1/SEV2 reviews need actions) and its report.</summary>
public sealed class ActionItemCreatedConsumer(ReviewsDbContext db, TimeProvider clock) : IConsumer<ActionItemCreated>
{
    public async Task Consume(ConsumeContext<ActionItemCreated> context)
    {
        var item = context.Message;
        var review = await db.Reviews.SingleOrDefaultAsync(r => r.Id == item.ReviewId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Action item {item.ActionItemId} names review {item.ReviewId}, which org {item.OrgId} does not have.");
        review.RecordActionItem(new ReviewActionItem(item.ActionItemId, item.Title, item.Owner, item.DueDate, item.Priority), clock.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

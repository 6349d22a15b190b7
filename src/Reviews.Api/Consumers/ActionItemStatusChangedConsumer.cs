using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Consumers;

/// <summary>Keeps each action item's status on its review: a won't-do item does not count as the review's action, and the report shows progress.</summary>
public sealed class ActionItemStatusChangedConsumer(ReviewsDbContext db, TimeProvider clock) : IConsumer<ActionItemStatusChanged>
{
    public async Task Consume(ConsumeContext<ActionItemStatusChanged> context)
    {
        var change = context.Message;
        var review = await db.Reviews.SingleOrDefaultAsync(r => r.Id == change.ReviewId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Action item {change.ActionItemId} names review {change.ReviewId}, which org {change.OrgId} does not have.");
        // ActionItemCreated precedes it in Actions' outbox; until it is consumed here, retrying lets it land first.
        if (!review.RecordActionItemStatus(change.ActionItemId, change.To, clock.GetUtcNow()))
        {
            throw new InvalidOperationException($"Action item {change.ActionItemId} changed status before review {change.ReviewId} learned it was created.");
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}

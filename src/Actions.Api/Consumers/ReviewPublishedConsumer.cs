using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Consumers;

/// <summary>Starts the follow-up clock of a review (2-week check, 30-day follow-up) and learns who overdue P1s escalate to.</summary>
public sealed class ReviewPublishedConsumer(ActionsDbContext db, InboxReceipt receipt) : IConsumer<ReviewPublished>, IInboxPrecheck<ReviewPublished>
{
    /// <summary>
    /// A revision naming the same people and services (most publications after the first) leaves nothing to do; an
    /// unknown review is left to the consumer, which retries it.
    /// </summary>
    public async Task<bool> HasWorkAsync(ReviewPublished published, CancellationToken cancellationToken) =>
        await KnownReviewOf(db, published.ReviewId, cancellationToken) is not { } review || review.IsChangedBy(published);

    /// <summary>Compiled once: it runs for every publication, where EF's lookup of a LINQ query in its cache costs more than the read.</summary>
    private static readonly Func<ActionsDbContext, Guid, CancellationToken, Task<KnownReview?>> KnownReviewOf =
        EF.CompileAsyncQuery((ActionsDbContext db, Guid reviewId, CancellationToken _) =>
            db.KnownReviews.AsNoTracking().SingleOrDefault(r => r.ReviewId == reviewId));

    public async Task Consume(ConsumeContext<ReviewPublished> context)
    {
        var published = context.Message;
        // ReviewCreated always precedes it in Reviews' outbox; if it has not been consumed yet, retrying lets it land first.
        var review = await db.KnownReviews.SingleOrDefaultAsync(r => r.ReviewId == published.ReviewId, context.CancellationToken)
            ?? throw new InvalidOperationException($"Review {published.ReviewId} of org {published.OrgId} was published before Actions learned it was created.");
        review.Published(published);
        if (!db.ChangeTracker.HasChanges())
        {
            // A revision naming the same people and services: nothing for a redelivery to repeat.
            receipt.NotNeeded();
            return;
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Consumers;

/// <summary>A resolved incident gets its draft review (one per incident, however often it is resolved), with the deadlines of its org's policy.</summary>
public sealed class IncidentResolvedConsumer(ReviewsDbContext db, TimeProvider clock) : IConsumer<IncidentResolved>
{
    public async Task Consume(ConsumeContext<IncidentResolved> context)
    {
        var incident = context.Message;
        if (await db.Reviews.AnyAsync(r => r.IncidentId == incident.IncidentId, context.CancellationToken))
        {
            return;
        }

        var (policy, _) = await db.PolicyOfAsync(incident.OrgId, context.CancellationToken);
        var now = clock.GetUtcNow();
        var review = Review.OpenDraft(incident, policy, now);
        await SuggestRepeatAsync(review, now, context.CancellationToken);
        db.Reviews.Add(review);
        db.AddIntegrationEvent(new ReviewCreated(
            review.OrgId, review.Id, review.IncidentId, review.IncidentReference, review.IncidentTitle, review.Severity, review.Owner,
            [.. review.Deadlines.Select(d => new ReviewDeadline(d.Step, d.DueAt))], review.CreatedAt)
        {
            Services = review.Services,
        });
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The closest earlier published review sharing a service, when its title reads alike (the draft has nothing else yet).</summary>
    private async Task SuggestRepeatAsync(Review review, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var probe = new SimilarityProbe(review.Services, [], review.IncidentTitle, ExcludeReviewId: null, StartedBefore: review.IncidentStartedAt);
        var closest = await db.SimilarAsync(review.OrgId, probe, limit: 1, RepeatLink.SuggestionThreshold, cancellationToken);
        if (closest is [{ SharedServices.Count: > 0 } match])
        {
            review.SuggestRepeatOf(match.ReviewId, match.IncidentReference, match.Title, match.Score, now);
        }
    }
}

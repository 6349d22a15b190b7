using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
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
        var review = Review.OpenDraft(incident, policy, clock.GetUtcNow());
        db.Reviews.Add(review);
        db.AddIntegrationEvent(new ReviewCreated(
            review.OrgId, review.Id, review.IncidentId, review.IncidentReference, review.IncidentTitle, review.Severity, review.Owner,
            [.. review.Deadlines.Select(d => new ReviewDeadline(d.Step, d.DueAt))], review.CreatedAt));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Consumers;

/// <summary>
/// Keeps a review's copy of its incident (title, services, lead, participants) as Incidents changes it, so the
/// facilitator rule sees who took part. An incident without a review yet has nothing to update.
/// </summary>
public sealed class IncidentUpdatedConsumer(ReviewsDbContext db, TimeProvider clock) : IConsumer<IncidentUpdated>
{
    public async Task Consume(ConsumeContext<IncidentUpdated> context)
    {
        var incident = context.Message;
        var review = await db.Reviews.SingleOrDefaultAsync(r => r.IncidentId == incident.IncidentId, context.CancellationToken);
        if (review is not null && review.FollowIncident(incident, clock.GetUtcNow()))
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }
}

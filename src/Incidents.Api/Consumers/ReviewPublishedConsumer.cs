using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Apis;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Consumers;

/// <summary>
/// A published review closes its incident. Republishing (a new report version) or a review of an incident that has
/// been reopened since changes nothing, so the inbox need not remember it (a redelivery changes nothing either).
/// </summary>
public sealed class ReviewPublishedConsumer(IncidentsDbContext db, TimeProvider clock, InboxReceipt receipt, ILogger<ReviewPublishedConsumer> logger)
    : IConsumer<ReviewPublished>, IInboxPrecheck<ReviewPublished>
{
    /// <summary>
    /// A closed incident (its review republished: a new report version) leaves nothing to do. Any other is left to the
    /// consumer: it closes a resolved one, logs one that is live again, and fails one this org does not have.
    /// </summary>
    public async Task<bool> HasWorkAsync(ReviewPublished review, CancellationToken cancellationToken) =>
        await StatusOf(db, review.IncidentId, cancellationToken) != IncidentStatus.Closed;

    /// <summary>Compiled once: it runs for every publication, where EF's lookup of a LINQ query in its cache costs more than the read.</summary>
    private static readonly Func<IncidentsDbContext, Guid, CancellationToken, Task<IncidentStatus?>> StatusOf =
        EF.CompileAsyncQuery((IncidentsDbContext db, Guid incidentId, CancellationToken _) =>
            db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => (IncidentStatus?)i.Status).SingleOrDefault());

    public async Task Consume(ConsumeContext<ReviewPublished> context)
    {
        var review = context.Message;
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == review.IncidentId, context.CancellationToken);
        if (incident is null)
        {
            // Reviews only exist for incidents of the same org; an unknown one is a bug elsewhere, worth an error queue entry.
            throw new InvalidOperationException($"Review {review.ReviewId} was published for incident {review.IncidentId}, which does not exist in org {review.OrgId}.");
        }

        var now = clock.GetUtcNow();
        if (!incident.Close(review.ReviewId, review.PublishedAt, now))
        {
            // A later version of a review whose incident it already closed is routine (one line per republish at
            // Information was most of a busy service's log); an incident not yet resolved is worth seeing.
            logger.Log(incident.Status == IncidentStatus.Closed ? LogLevel.Debug : LogLevel.Information,
                "Review {ReviewId} v{ReportVersion} published; {Reference} is {Status}, so it stays as it is",
                review.ReviewId, review.ReportVersion, incident.Reference, incident.Status);
            receipt.NotNeeded();
            return;
        }

        db.AddIntegrationEvent(IncidentEvents.Closed(incident, now));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

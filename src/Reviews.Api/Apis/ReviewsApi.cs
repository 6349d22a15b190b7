using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

public sealed record TimelineEntryResponse(
    Guid Id, DateTimeOffset OccurredAt, string Kind, string Text, string? Source, string Knowledge, bool IsKeyMoment, IncidentPlatform.Contracts.PersonRef Author);

public static class ReviewsApi
{
    public static RouteGroupBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("Reviews");

        api.MapGet("/", ListReviews).WithSummary("List the org's reviews, newest first; filter by incident.");
        api.MapGet("/{id:guid}", GetReview).WithSummary("Read one review with its deadlines.");
        api.MapGet("/{id:guid}/timeline", GetTimeline)
            .WithSummary("The incident's timeline as Reviews has it (kept from Incidents' events), in time order; a publication snapshots it.");
        return api;
    }

    public static async Task<Ok<Page<ReviewResponse>>> ListReviews(
        ReviewsDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [FromQuery] Guid? incidentId = null,
        [FromQuery] int limit = 50,
        [FromQuery] Guid? cursor = null)
    {
        var query = db.Reviews.AsQueryable();
        if (incidentId is not null)
        {
            query = query.Where(r => r.IncidentId == incidentId);
        }

        var now = clock.GetUtcNow();
        return TypedResults.Ok(await query.ToPageAsync(limit, cursor, review => ReviewResponse.From(review, now), cancellationToken));
    }

    public static async Task<Ok<List<TimelineEntryResponse>>> GetTimeline(Guid id, ReviewsDbContext db, CancellationToken cancellationToken)
    {
        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        var timeline = await db.TimelineOfAsync(review.IncidentId, cancellationToken);
        return TypedResults.Ok(timeline.Select(e => new TimelineEntryResponse(e.EntryId, e.OccurredAt, e.Kind, e.Text, e.Source, e.Knowledge, e.IsKeyMoment, e.Author)).ToList());
    }

    public static async Task<Results<Ok<ReviewResponse>, NotFound>> GetReview(
        Guid id, ReviewsDbContext db, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var review = await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (review is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = ETags.For(review.Version);
        return TypedResults.Ok(ReviewResponse.From(review, clock.GetUtcNow()));
    }
}

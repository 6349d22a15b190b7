using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

public static class ReviewsApi
{
    public static RouteGroupBuilder MapReviewsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews").WithTags("Reviews");

        api.MapGet("/", ListReviews).WithSummary("List the org's reviews, newest first; filter by incident.");
        api.MapGet("/{id:guid}", GetReview).WithSummary("Read one review with its deadlines.");
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

using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

/// <summary>The one way an endpoint changes a review: found in the caller's org (404), If-Match honoured (412), saved only when changed.</summary>
public static class ReviewChanges
{
    public static async Task<Review> FindAsync(ReviewsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Reviews.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException("review", id);

    public static async Task<Ok<ReviewResponse>> ApplyAsync(
        ReviewsDbContext db, HttpContext http, TimeProvider clock, Guid id, Func<Review, DateTimeOffset, bool> change, CancellationToken cancellationToken)
    {
        var review = await FindAsync(db, id, cancellationToken);
        ETags.EnsureMatches(http.Request, review.Version);
        var now = clock.GetUtcNow();
        if (change(review, now))
        {
            await db.SaveChangesOrConflictAsync($"The review of {review.IncidentReference}", cancellationToken);
        }

        http.Response.Headers.ETag = ETags.For(review.Version);
        return TypedResults.Ok(ReviewResponse.From(review, now));
    }
}

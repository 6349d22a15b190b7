using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IncidentPlatform.Reviews.Apis;

/// <summary>The knowledge base: the org's published reviews, searched and compared.</summary>
public static class KnowledgeApi
{
    private const int MaxSimilar = 20;

    /// <summary>Below this, two reviews share too little to be worth showing side by side.</summary>
    private const double SimilarEnough = 0.15;

    public static IEndpointRouteBuilder MapKnowledgeApi(this IEndpointRouteBuilder app)
    {
        var knowledge = app.MapGroup("/api/reviews").WithTags("Knowledge base");
        knowledge.MapGet("/search", Search)
            .WithSummary("Full-text search over the org's published reviews, best match first, with the matched words marked.")
            .WithDescription("""
                `q` uses web-search syntax: words, "quoted phrases", `or`, and `-word` to exclude. Filters combine: `service`, `severity`
                (SEV1–SEV4 or P1–P4), `tag`, `factorCategory` (people, process, tools, systems, environment), and `from`/`to` on when the
                incident started (a date or a UTC instant; `to` exclusive). Without `q`, the newest incidents come first. Highlights are
                HTML with the matched words in `<mark>`; the review's own text is escaped.
                """);
        knowledge.MapGet("/{id:guid}/similar", Similar)
            .WithSummary("Published reviews most like this one: the same services, overlapping factor categories and similar wording, with the score and why.");
        return app;
    }

    public static async Task<Ok<KnowledgeResults>> Search(
        ReviewsDbContext db,
        OrgContext org,
        CancellationToken cancellationToken,
        [FromQuery] string? q = null,
        [FromQuery] string? service = null,
        [FromQuery] string? severity = null,
        [FromQuery] string? tag = null,
        [FromQuery] string? factorCategory = null,
        [FromQuery] string? from = null,
        [FromQuery] string? to = null,
        [FromQuery] int? limit = null,
        [FromQuery] int? offset = null)
    {
        var query = KnowledgeQuery.Parse(q, service, severity, tag, factorCategory, from, to, limit, offset);
        return TypedResults.Ok(await db.SearchAsync(org.OrgId, query, cancellationToken));
    }

    public static async Task<Ok<IReadOnlyList<SimilarReview>>> Similar(
        Guid id, ReviewsDbContext db, OrgContext org, TimeProvider clock, CancellationToken cancellationToken, [FromQuery] int limit = 5)
    {
        if (limit is < 1 or > MaxSimilar)
        {
            throw new ValidationException("limit", $"Use 1 to {MaxSimilar}.");
        }

        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        var features = KnowledgeEntry.Of(review, clock.GetUtcNow());
        var probe = new SimilarityProbe(
            features.Services, features.FactorCategories, $"{features.Title}\n{features.Summary}\n{features.Factors}", review.Id, StartedBefore: null);
        return TypedResults.Ok(await db.SimilarAsync(org.OrgId, probe, limit, SimilarEnough, cancellationToken));
    }
}

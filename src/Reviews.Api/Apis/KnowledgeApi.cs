using System.ComponentModel.DataAnnotations;
using ValidationException = IncidentPlatform.ServiceDefaults.Http.ValidationException;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

public sealed record RepeatOfRequest([Required] Guid? ReviewId);

public sealed record ServiceRepeatRate(string Service, int Incidents, int Repeats, double Rate);

/// <summary>How many of the org's incidents in the range repeat an earlier one (suggested or confirmed links; dismissed ones do not count).</summary>
public sealed record RepeatRateResponse(DateTimeOffset? From, DateTimeOffset? To, int Incidents, int Repeats, double Rate, IReadOnlyList<ServiceRepeatRate> ByService);

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
            .WithDescription($"""
                `q` uses web-search syntax: words, "quoted phrases", `or`, and `-word` to exclude. Filters combine: `service`, `severity`
                (SEV1–SEV4 or P1–P4), `tag`, `factorCategory` (people, process, tools, systems, environment), and `from`/`to` on when the
                incident started (a date or a UTC instant; `to` exclusive). Without `q`, the newest incidents come first. Highlights are
                HTML with the matched words in `<mark>`; the review's own text is escaped.

                With `q`, results are ranked by relevance (title and keywords weigh most, then summary and factors, then the body)
                among the {KnowledgeQuery.MaxRankedResults} newest matches and the {KnowledgeSearch.RankedHeadMatches} newest whose title, keywords or factors match, so an old review about the
                very subject can still come up; `offset + limit` stays within {KnowledgeQuery.MaxRankedResults} (narrow the search, e.g. with `to`, to reach older
                reviews). Matches, with or without `q`, are counted up to {KnowledgeSearch.CountedMatches:N0}: `totalExact` is false when there are
                more, and `total` is then {KnowledgeSearch.CountedMatches:N0}.
                """);
        knowledge.MapGet("/{id:guid}/similar", Similar)
            .WithSummary("Published reviews most like this one: the same services, overlapping factor categories and similar wording, with the score and why.");
        knowledge.MapPut("/{id:guid}/repeat-of", ConfirmRepeat)
            .WithSummary("Say which earlier incident (by its published review) this one repeats; it then counts in the repeat-incident rate.");
        knowledge.MapDelete("/{id:guid}/repeat-of", DismissRepeat)
            .WithSummary("Say this incident repeats none: a suggested or confirmed link is kept, dismissed, and stops counting.");
        knowledge.MapGet("/repeat-rate", RepeatRate)
            .WithSummary("The share of the org's incidents (reviews, by incident start) that repeat an earlier one, overall and per service.");
        return app;
    }

    public static async Task<Ok<ReviewResponse>> ConfirmRepeat(
        Guid id, RepeatOfRequest request, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var earlier = await db.Knowledge.AsNoTracking()
            .Where(e => e.ReviewId == request.ReviewId)
            .Select(e => new ReviewIdentity(e.ReviewId, e.IncidentReference, e.Title, e.IncidentStartedAt))
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new ValidationException("reviewId", "Not a published review of this organization.", 422);
        var decidedBy = http.User.GetPerson().DisplayName;
        return await ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) => review.ConfirmRepeatOf(earlier, decidedBy, now), cancellationToken);
    }

    public static Task<Ok<ReviewResponse>> DismissRepeat(Guid id, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) => review.DismissRepeat(http.User.GetPerson().DisplayName, now), cancellationToken);

    public static async Task<Ok<RepeatRateResponse>> RepeatRate(
        ReviewsDbContext db, OrgContext org, CancellationToken cancellationToken, [FromQuery] string? from = null, [FromQuery] string? to = null)
    {
        var (rangeFrom, rangeTo) = KnowledgeQuery.ParseRange(from, to);
        var counts = await db.RepeatCountsAsync(org.OrgId, rangeFrom, rangeTo, cancellationToken);
        var overall = counts.SingleOrDefault(c => c.Service is null) ?? new RepeatCount(null, 0, 0);
        var byService = counts
            .Where(c => c.Service is not null)
            .Select(c => new ServiceRepeatRate(c.Service!, c.Incidents, c.Repeats, Rate(c.Repeats, c.Incidents)))
            .OrderByDescending(s => s.Repeats).ThenBy(s => s.Service, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new RepeatRateResponse(rangeFrom, rangeTo, overall.Incidents, overall.Repeats, Rate(overall.Repeats, overall.Incidents), byService));
    }

    private static double Rate(int repeats, int total) => total == 0 ? 0 : Math.Round((double)repeats / total, 4);

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

using System.ComponentModel.DataAnnotations;
using System.Text;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Domain.Publishing;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

/// <param name="Field">The finding's field, e.g. <c>wentPoorly[0]</c>.</param>
/// <param name="Sentence">The sentence exactly as the finding quotes it.</param>
/// <param name="Reason">Why it stays, e.g. "Quoted verbatim from the incident channel".</param>
public sealed record AcceptFindingRequest([Required] string? Field, [Required] string? Sentence, [Required] string? Reason);

/// <param name="ChangeNote">What changed since the last version; required when republishing.</param>
public sealed record PublishRequest(string? ChangeNote = null);

public sealed record ReportVersionResponse(int Version, string? ChangeNote, PersonRef PublishedBy, DateTimeOffset PublishedAt, IReadOnlyList<ReportLink> Links);

/// <summary>Writing a review (its analysis, checked for blame), its readiness, and publishing immutable report versions.</summary>
public static class ReviewWritingApi
{
    public static RouteGroupBuilder MapReviewWritingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reviews/{id:guid}").WithTags("Review writing");

        api.MapPut("/analysis", WriteAnalysis)
            .WithSummary("Replace the analysis (If-Match): 5 whys, contributing factors, human context, went well/poorly/lucky, response evaluation, lessons, references.")
            .WithRequestExample("Part of the worked example", new
            {
                summary = "checkout-api v2.4.1 exhausted its database connection pool under production load; about 300 checkouts failed for 22 minutes.",
                fiveWhys = new[]
                {
                    "Checkouts failed because checkout-api could not get database connections.",
                    "The pool was exhausted because v2.4.1 held connections during a slow external call.",
                    "The change passed staging because staging traffic never fills the pool.",
                },
                contributingFactors = new object[]
                {
                    new { description = "v2.4.1 held a connection across the payment provider call.", category = "systems", role = "trigger" },
                    new { description = "Canary analysis does not compare error rates automatically.", category = "tools", role = "amplifier" },
                },
                wentWell = new[] { "The rollback took four minutes from decision to recovery." },
                wentPoorly = new[] { "The first alert went to a channel nobody watched." },
                lessonsLearned = new[] { "Load-dependent failures need production-like load before promotion." },
            });
        api.MapPost("/blame-findings/accept", AcceptFinding).WithSummary("Keep a flagged sentence on purpose, saying why; it no longer blocks publishing.");
        api.MapGet("/readiness", GetReadiness).WithSummary("The scored checklist publishing requires, with what is missing.");
        api.MapPost("/publish", Publish)
            .WithSummary("Publish the next immutable report version (If-Match); 422 lists what is missing. The incident closes.")
            .WithRequestExample("A republication", new { changeNote = "Added the recovery-friction factor found in the follow-up." });
        api.MapGet("/reports", ListReports).WithSummary("The published versions, oldest first.");
        api.MapGet("/reports/{version:int}", GetReport).WithSummary("One published version: ?format=json (default), markdown or html.");
        api.MapMethods("/reports/{version:int}", ["PUT", "PATCH", "DELETE"], RefuseReportChange)
            .WithSummary("Published versions are immutable (409): edit the review and republish.");
        return api;
    }

    public static async Task<Ok<ReviewResponse>> WriteAnalysis(Guid id, ReviewAnalysis analysis, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        Guid[] linked = [.. (analysis.ContributingFactors ?? []).SelectMany(f => f.TimelineEntryIds ?? []).Distinct()];
        var known = linked.Length == 0 ? [] : await db.TimelineEntries
            .Where(e => linked.Contains(e.EntryId) && !e.IsDeleted)
            .Select(e => new { e.IncidentId, e.EntryId })
            .ToListAsync(cancellationToken);
        return await ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) =>
            review.WriteAnalysis(analysis, known.Where(e => e.IncidentId == review.IncidentId).Select(e => e.EntryId).ToHashSet(), now), cancellationToken);
    }

    public static Task<Ok<ReviewResponse>> AcceptFinding(Guid id, AcceptFindingRequest request, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) =>
        {
            review.AcceptFinding(request.Field!, request.Sentence!, request.Reason!, http.User.GetPerson(), now);
            return true;
        }, cancellationToken);

    public static async Task<Ok<ReviewReadinessResponse>> GetReadiness(Guid id, ReviewsDbContext db, CancellationToken cancellationToken)
    {
        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        return TypedResults.Ok(ReviewReadinessResponse.From(ReviewReadiness.Of(review)));
    }

    public static async Task<Ok<ReportVersionResponse>> Publish(
        Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] PublishRequest? request,
        ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var review = await ReviewChanges.FindAsync(db, id, cancellationToken);
        ETags.EnsureMatches(http.Request, review.Version);
        var now = clock.GetUtcNow();
        var timeline = await db.TimelineOfAsync(review.IncidentId, cancellationToken);
        var report = review.Publish(request?.ChangeNote, timeline, http.User.GetPerson(), now);
        db.Reports.Add(report);
        if (await db.Knowledge.SingleOrDefaultAsync(e => e.ReviewId == review.Id, cancellationToken) is { } entry)
        {
            entry.Refresh(review, report.PublishedAt);
        }
        else
        {
            db.Knowledge.Add(KnowledgeEntry.Of(review, report.PublishedAt));
        }

        var links = Links(review.Id, report.Version);
        db.AddIntegrationEvent(new ReviewPublished(
            review.OrgId, review.Id, review.IncidentId, review.IncidentReference, review.IncidentTitle, review.Severity, review.Services,
            review.Analysis.Summary ?? "", report.Version, report.ChangeNote, links, report.PublishedBy, report.PublishedAt, now)
        {
            EngineeringManager = review.Roles.EngineeringManager,
        });
        await db.SaveChangesOrConflictAsync($"The review of {review.IncidentReference}", cancellationToken);

        http.Response.Headers.ETag = ETags.For(review.Version);
        return TypedResults.Ok(new ReportVersionResponse(report.Version, report.ChangeNote, report.PublishedBy, report.PublishedAt, links));
    }

    public static async Task<Ok<List<ReportVersionResponse>>> ListReports(Guid id, ReviewsDbContext db, CancellationToken cancellationToken)
    {
        await ReviewChanges.FindAsync(db, id, cancellationToken);
        var reports = await db.Reports.AsNoTracking().Where(r => r.ReviewId == id).OrderBy(r => r.Version).ToListAsync(cancellationToken);
        return TypedResults.Ok(reports.Select(r => new ReportVersionResponse(r.Version, r.ChangeNote, r.PublishedBy, r.PublishedAt, Links(id, r.Version))).ToList());
    }

    public static async Task<IResult> GetReport(Guid id, int version, ReviewsDbContext db, CancellationToken cancellationToken, [FromQuery] string? format = null)
    {
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.ReviewId == id && r.Version == version, cancellationToken)
            ?? throw new NotFoundException("report version", $"{id}/{version}");
        return (format ?? "json") switch
        {
            "json" => TypedResults.Text(report.Json, "application/json", Encoding.UTF8),
            "markdown" => TypedResults.Text(report.Markdown, "text/markdown", Encoding.UTF8),
            "html" => TypedResults.Text(report.Html, "text/html", Encoding.UTF8),
            var other => throw new ServiceDefaults.Http.ValidationException("format", $"'{other}' is not a format; use json, markdown or html."),
        };
    }

    public static async Task<IResult> RefuseReportChange(Guid id, int version, ReviewsDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Reports.AnyAsync(r => r.ReviewId == id && r.Version == version, cancellationToken))
        {
            throw new NotFoundException("report version", $"{id}/{version}");
        }

        throw new ConflictException($"Version {version} is published and immutable; edit the review and republish with a change note.");
    }

    private static ReportLink[] Links(Guid reviewId, int version) =>
    [
        new("html", $"/api/reviews/{reviewId}/reports/{version}?format=html"),
        new("markdown", $"/api/reviews/{reviewId}/reports/{version}?format=markdown"),
        new("json", $"/api/reviews/{reviewId}/reports/{version}"),
    ];
}

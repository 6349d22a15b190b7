using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Quality;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Apis;

/// <summary>The quality check: of a draft while it is written, and of a review's actions as a whole.</summary>
public static class ActionQualityApi
{
    public static RouteGroupBuilder MapActionQualityApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/action-items").WithTags("Action quality");

        api.MapPost("/quality-check", CheckDraft)
            .WithSummary("Check a draft before saving it: vague wording, definition of done, owner, due date against the SLO, duplicates of open items (with reviewId).")
            .WithRequestExample("A vague draft", new { title = "Improve monitoring", owner = new { displayName = "Platform Team" }, priority = "P2" });
        api.MapGet("/quality", ReviewReport)
            .WithSummary("A review's actions: findings per item, findings about the set (3–5 key actions; none for a SEV1/SEV2), and a score.");
        return api;
    }

    public static async Task<Ok<QualityCheckResponse>> CheckDraft(
        QualityCheckRequest request, ActionsDbContext db, ActionQualityReader quality, TimeProvider clock, CancellationToken cancellationToken)
    {
        KnownReview? review = null;
        if (request.ReviewId is { } reviewId)
        {
            review = await db.KnownReviews.AsNoTracking().SingleOrDefaultAsync(r => r.ReviewId == reviewId, cancellationToken)
                ?? throw new ValidationException("reviewId", $"No review with id '{reviewId}' exists in your organization.", 422);
        }

        var draft = new ActionDraft(
            request.Title, request.DefinitionOfDone, request.Owner?.UserId, request.Owner?.DisplayName, request.DueDate, request.Priority ?? ActionPriority.P2);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var findings = await quality.CheckAsync(draft, today, null, review?.IncidentId, review?.Services ?? [], cancellationToken);
        return TypedResults.Ok(new QualityCheckResponse(findings.Count == 0, findings));
    }

    public static async Task<Ok<ReviewActionQualityResponse>> ReviewReport(
        [FromQuery] Guid? reviewId, ActionsDbContext db, ActionQualityReader quality, CancellationToken cancellationToken)
    {
        if (reviewId is null)
        {
            throw new ValidationException("reviewId", "Name the review: ?reviewId=…");
        }

        var review = await db.KnownReviews.AsNoTracking().SingleOrDefaultAsync(r => r.ReviewId == reviewId, cancellationToken)
            ?? throw new NotFoundException("review", reviewId);
        var (reviewFindings, keyActions, items) = await quality.ReportAsync(review, cancellationToken);
        var considered = items.Where(i => i.Item.Status != ActionItemStatus.WontDo).ToList();
        var passing = considered.Count(i => i.Findings.Count == 0);
        var score = considered.Count == 0 ? 0 : (int)Math.Round(100.0 * passing / considered.Count);
        return TypedResults.Ok(new ReviewActionQualityResponse(
            review.ReviewId, review.IncidentReference, review.Severity, considered.Count, keyActions, passing, score, reviewFindings,
            [.. items.Select(i => new ItemQuality(i.Item.Id, i.Item.Title, i.Item.Priority, i.Item.Status, i.Findings))]));
    }
}

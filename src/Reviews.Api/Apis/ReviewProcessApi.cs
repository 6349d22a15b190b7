using System.ComponentModel.DataAnnotations;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using ValidationException = IncidentPlatform.ServiceDefaults.Http.ValidationException;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Reviews.Apis;

/// <summary>An org's review process, every field required (the whole policy is replaced).</summary>
public sealed record ReviewPolicyRequest(
    [Required] int? TimelineDraftHours,
    [Required] int? MeetingScheduledDays,
    [Required] int? MeetingHeldDays,
    [Required] int? Sev1MeetingHeldDays,
    [Required] int? PublishedDays,
    [Required] int? FollowUpDays,
    [Required] List<Severity>? MeetingSeverities)
{
    public ReviewPolicySettings ToSettings() => new(
        TimelineDraftHours!.Value, MeetingScheduledDays!.Value, MeetingHeldDays!.Value, Sev1MeetingHeldDays!.Value,
        PublishedDays!.Value, FollowUpDays!.Value, MeetingSeverities!);
}

public sealed record ReviewPolicyResponse(ReviewPolicySettings Settings, bool IsDefault, DateTimeOffset? UpdatedAt, PersonRef? UpdatedBy);

/// <param name="OverdueHours">Whole hours since the step was due.</param>
public sealed record OverdueStepResponse(
    Guid ReviewId, Guid IncidentId, string IncidentReference, string IncidentTitle, Severity Severity, PersonRef Owner, string Step, DateTimeOffset DueAt, int OverdueHours);

/// <summary>The review process of an org: its policy, its overdue steps, and steps marked done by hand.</summary>
public static class ReviewProcessApi
{
    public const int MaxOverdueListed = 500;

    public static IEndpointRouteBuilder MapReviewProcessApi(this IEndpointRouteBuilder app)
    {
        var reviews = app.MapGroup("/api/reviews").WithTags("Review process");
        reviews.MapGet("/overdue", ListOverdueSteps).WithSummary("Every overdue step of the org's reviews, most overdue first; filter by severity or step.");
        reviews.MapGet("/policy", GetPolicy).WithSummary("The org's review policy: step deadlines and which severities need a meeting.");
        reviews.MapPut("/policy", ChangePolicy)
            .WithSummary("Tune the policy within bounds (If-Match); applies to reviews opened afterwards.")
            .WithRequestExample("Meetings for SEV1–SEV3, a faster timeline", new
            {
                timelineDraftHours = 12, meetingScheduledDays = 2, meetingHeldDays = 5, sev1MeetingHeldDays = 3, publishedDays = 10, followUpDays = 30,
                meetingSeverities = new[] { "SEV1", "SEV2", "SEV3" },
            });
        reviews.MapPost("/{id:guid}/steps/{step}/complete", CompleteStep)
            .WithSummary("Mark a step done by hand (If-Match): TimelineDrafted, MeetingHeld (a meeting held elsewhere) or ActionsFollowedUp.");
        return app;
    }

    public static async Task<Ok<List<OverdueStepResponse>>> ListOverdueSteps(
        ReviewsDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [FromQuery] string? severity = null,
        [FromQuery] string? step = null,
        [FromQuery] int limit = 100)
    {
        if (limit is < 1 or > MaxOverdueListed)
        {
            throw new ValidationException("limit", $"Use 1 to {MaxOverdueListed}.");
        }

        Severity? severityFilter = null;
        if (severity is not null)
        {
            severityFilter = SeverityNames.TryParse(severity, out var parsed) ? parsed : throw new ValidationException("severity", $"'{severity}' is not a severity; use SEV1–SEV4 or P1–P4.");
        }

        var now = clock.GetUtcNow();
        var overdue = await db.Reviews.AsNoTracking()
            .Where(r => severityFilter == null || r.Severity == severityFilter)
            .SelectMany(r => r.Deadlines
                .Where(d => d.CompletedAt == null && d.DueAt < now && (step == null || d.Step == step))
                .Select(d => new
                {
                    r.Id, r.IncidentId, r.IncidentReference, r.IncidentTitle, r.Severity, OwnerId = r.Owner.UserId, OwnerName = r.Owner.DisplayName, d.Step, d.DueAt,
                }))
            .OrderBy(x => x.DueAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(overdue
            .Select(x => new OverdueStepResponse(x.Id, x.IncidentId, x.IncidentReference, x.IncidentTitle, x.Severity, new PersonRef(x.OwnerId, x.OwnerName), x.Step, x.DueAt, (int)(now - x.DueAt).TotalHours))
            .ToList());
    }

    public static async Task<Ok<ReviewPolicyResponse>> GetPolicy(ReviewsDbContext db, OrgContext org, HttpResponse response, CancellationToken cancellationToken)
    {
        var (policy, isDefault) = await db.PolicyOfAsync(org.OrgId, cancellationToken);
        response.Headers.ETag = ETags.For(policy.Version);
        return TypedResults.Ok(new ReviewPolicyResponse(policy.Settings, isDefault, policy.UpdatedAt, policy.UpdatedBy));
    }

    public static async Task<Ok<ReviewPolicyResponse>> ChangePolicy(
        ReviewPolicyRequest request, ReviewsDbContext db, OrgContext org, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (policy, isDefault) = await db.PolicyOfAsync(org.OrgId, cancellationToken);
        ETags.EnsureMatches(http.Request, policy.Version);
        if (policy.Change(request.ToSettings(), http.User.GetPerson(), clock.GetUtcNow()))
        {
            if (isDefault)
            {
                db.Policies.Add(policy);
            }

            await db.SaveChangesOrConflictAsync("The review policy", cancellationToken);
            isDefault = false;
        }

        http.Response.Headers.ETag = ETags.For(policy.Version);
        return TypedResults.Ok(new ReviewPolicyResponse(policy.Settings, isDefault, policy.UpdatedAt, policy.UpdatedBy));
    }

    public static Task<Ok<ReviewResponse>> CompleteStep(Guid id, string step, ReviewsDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ReviewChanges.ApplyAsync(db, http, clock, id, (review, now) => review.CompleteStep(step, http.User.GetPerson(), now), cancellationToken);
}

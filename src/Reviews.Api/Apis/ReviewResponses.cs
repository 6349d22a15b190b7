using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.Reviews.Domain.Language;
using IncidentPlatform.Reviews.Domain.Meetings;
using IncidentPlatform.Reviews.Domain.Publishing;

namespace IncidentPlatform.Reviews.Apis;

public sealed record ReviewResponse(
    Guid Id,
    Guid IncidentId,
    string IncidentReference,
    string IncidentTitle,
    Severity Severity,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tags,
    PersonRef Owner,
    ReviewStatus Status,
    ReviewFormat Format,
    ReviewAudience Audience,
    DateTimeOffset IncidentStartedAt,
    DateTimeOffset IncidentResolvedAt,
    IncidentImpactFigures? Impact,
    IReadOnlyList<ReviewDeadlineResponse> Deadlines,
    ReviewRoles Roles,
    IReadOnlyList<IncidentParticipant> IncidentParticipants,
    ReviewMeeting? Meeting,
    ReviewAnalysis Analysis,
    IReadOnlyList<BlameFinding> BlameFindings,
    IReadOnlyList<AcceptedFinding> AcceptedFindings,
    ReviewReadinessResponse Readiness,
    int ActionItemCount,
    IReadOnlyList<ReviewActionItem> ActionItems,
    int PublishedVersion,
    RepeatLink? RepeatOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ReviewResponse From(Review review, DateTimeOffset now) => From(review, review.OpenBlameFindings(), now);

    private static ReviewResponse From(Review review, IReadOnlyList<BlameFinding> openFindings, DateTimeOffset now) => new(
        review.Id,
        review.IncidentId,
        review.IncidentReference,
        review.IncidentTitle,
        review.Severity,
        review.Services,
        review.Tags,
        review.Owner,
        review.Status,
        review.Format,
        review.Audience,
        review.IncidentStartedAt,
        review.IncidentResolvedAt,
        review.Impact,
        [.. review.Deadlines.OrderBy(d => d.DueAt).Select(d => new ReviewDeadlineResponse(d.Step, d.DueAt, d.StateAt(now), d.CompletedAt, d.CompletedBy))],
        review.Roles,
        review.IncidentParticipants,
        review.Meeting,
        review.Analysis,
        openFindings,
        review.AcceptedFindings,
        ReviewReadinessResponse.From(ReviewReadiness.Of(review, openFindings)),
        review.ActionItems.Count,
        review.ActionItems,
        review.PublishedVersion,
        review.RepeatOf,
        review.CreatedAt,
        review.UpdatedAt);
}

/// <param name="Score">The share of checks that pass, 0–100.</param>
public sealed record ReviewReadinessResponse(int Score, bool Ready, IReadOnlyList<ReadinessCheck> Checks)
{
    public static ReviewReadinessResponse From(ReviewReadiness readiness) => new(readiness.Score, readiness.IsReady, readiness.Checks);
}

/// <param name="State">pending, overdue (due and not done) or done.</param>
public sealed record ReviewDeadlineResponse(string Step, DateTimeOffset DueAt, ReviewStepState State, DateTimeOffset? CompletedAt, PersonRef? CompletedBy)
{
    public bool IsOverdue => State == ReviewStepState.Overdue;
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;

namespace IncidentPlatform.Reviews.Apis;

public sealed record ReviewResponse(
    Guid Id,
    Guid IncidentId,
    string IncidentReference,
    string IncidentTitle,
    Severity Severity,
    IReadOnlyList<string> Services,
    PersonRef Owner,
    ReviewStatus Status,
    ReviewFormat Format,
    ReviewAudience Audience,
    DateTimeOffset IncidentResolvedAt,
    IReadOnlyList<ReviewDeadlineResponse> Deadlines,
    DateTimeOffset CreatedAt)
{
    public static ReviewResponse From(Review review, DateTimeOffset now) => new(
        review.Id,
        review.IncidentId,
        review.IncidentReference,
        review.IncidentTitle,
        review.Severity,
        review.Services,
        review.Owner,
        review.Status,
        review.Format,
        review.Audience,
        review.IncidentResolvedAt,
        [.. review.Deadlines.Select(d => new ReviewDeadlineResponse(d.Step, d.DueAt, d.DueAt < now))],
        review.CreatedAt);
}

/// <param name="IsOverdue">The step is due and not yet done.</param>
public sealed record ReviewDeadlineResponse(string Step, DateTimeOffset DueAt, bool IsOverdue);

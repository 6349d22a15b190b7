namespace IncidentPlatform.Contracts;

/// <summary>
/// A step of a review's process passed its deadline undone (e.g. <c>MeetingHeld</c>, <c>WriteUpPublished</c>).
/// Raised once per step; the review's owner is who to remind.
/// </summary>
public sealed record ReviewStepOverdue(
    Guid OrgId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    Severity Severity,
    string Step,
    DateTimeOffset DueAt,
    PersonRef Owner,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

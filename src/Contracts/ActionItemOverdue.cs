namespace IncidentPlatform.Contracts;

/// <summary>
/// An unfinished action item passed its due date. Raised once per due date. For a P1 it carries who the org escalates
/// to (the review's engineering manager, else the org's escalation contact); null means remind the owner only.
/// </summary>
public sealed record ActionItemOverdue(
    Guid OrgId,
    Guid ActionItemId,
    Guid ReviewId,
    string IncidentReference,
    string Title,
    string Priority,
    PersonRef Owner,
    DateOnly DueDate,
    PersonRef? EscalateTo,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

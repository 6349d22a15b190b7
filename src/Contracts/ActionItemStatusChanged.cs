namespace IncidentPlatform.Contracts;

/// <summary>
/// An action item moved in its workflow (<c>open</c>, <c>inProgress</c>, <c>done</c>, <c>verified</c>, <c>wontDo</c>),
/// by whom, and why when the move needs a reason (won't-do, reopen).
/// </summary>
public sealed record ActionItemStatusChanged(
    Guid OrgId,
    Guid ActionItemId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    string From,
    string To,
    string? Reason,
    PersonRef Owner,
    PersonRef ChangedBy,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

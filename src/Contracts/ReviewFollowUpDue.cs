namespace IncidentPlatform.Contracts;

/// <summary>
/// A checkpoint after a review was published came: <c>twoWeekCheck</c> (14 days) or <c>thirtyDayFollowUp</c> (30 days).
/// Tells the review's owner how its action items stand. Raised once per checkpoint.
/// </summary>
public sealed record ReviewFollowUpDue(
    Guid OrgId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Checkpoint,
    PersonRef Owner,
    int OpenItems,
    int OverdueItems,
    int DoneItems,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

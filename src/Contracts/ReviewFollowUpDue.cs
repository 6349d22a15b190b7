namespace IncidentPlatform.Contracts;

/// <summary>
/// A checkpoint after a review was published came: <see cref="FollowUpCheckpoints.TwoWeekCheck"/> (14 days) or
/// <see cref="FollowUpCheckpoints.ThirtyDayFollowUp"/> (30 days).
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

/// <summary>The checkpoints of <see cref="ReviewFollowUpDue"/>, as written in the event.</summary>
public static class FollowUpCheckpoints
{
    public const string TwoWeekCheck = "twoWeekCheck";
    public const string ThirtyDayFollowUp = "thirtyDayFollowUp";
}

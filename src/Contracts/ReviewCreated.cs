namespace IncidentPlatform.Contracts;

public sealed record ReviewCreated(
    Guid OrgId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string IncidentTitle,
    Severity Severity,
    PersonRef Owner,
    IReadOnlyList<ReviewDeadline> Deadlines,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

/// <summary>One step of the review process and when it is due (e.g. <c>TimelineDrafted</c>, 24 h after resolution).</summary>
public sealed record ReviewDeadline(string Step, DateTimeOffset DueAt);

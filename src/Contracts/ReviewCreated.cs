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

    /// <summary>The incident's affected services (added in schema 1 without breaking it: absent reads as none).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];
}

/// <summary>One step of the review process and when it is due (e.g. <c>TimelineDrafted</c>, 24 h after resolution).</summary>
public sealed record ReviewDeadline(string Step, DateTimeOffset DueAt);

namespace IncidentPlatform.Contracts;

/// <summary>A link to a rendering of a published report: <c>html</c>, <c>markdown</c> or <c>json</c>.</summary>
public sealed record ReportLink(string Format, string Href);

/// <summary>
/// A version of a review's report was published (the first, or a revision with its change note).
/// Incidents closes the incident on it; partners receive what they need to show or file the report.
/// </summary>
public sealed record ReviewPublished(
    Guid OrgId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    Severity Severity,
    IReadOnlyList<string> Services,
    string Summary,
    int ReportVersion,
    string? ChangeNote,
    IReadOnlyList<ReportLink> Links,
    PersonRef PublishedBy,
    DateTimeOffset PublishedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The engineering manager seated on the review, if any: who overdue P1 actions escalate to.</summary>
    public PersonRef? EngineeringManager { get; init; }
}

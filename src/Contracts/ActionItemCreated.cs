namespace IncidentPlatform.Contracts;

public sealed record ActionItemCreated(
    Guid OrgId,
    Guid ActionItemId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    PersonRef Owner,
    DateOnly DueDate,
    string Priority,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;

    /// <summary><c>prevent</c>, <c>detect</c> or <c>mitigate</c> (added in schema 1; empty from older producers).</summary>
    public string Type { get; init; } = "";
}

namespace IncidentPlatform.Contracts;

/// <summary>An unfinished action item is due within the org's reminder window: remind its owner. Raised once per due date.</summary>
public sealed record ActionItemDueSoon(
    Guid OrgId,
    Guid ActionItemId,
    Guid ReviewId,
    string IncidentReference,
    string Title,
    string Priority,
    PersonRef Owner,
    DateOnly DueDate,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

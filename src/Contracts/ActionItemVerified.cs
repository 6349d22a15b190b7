namespace IncidentPlatform.Contracts;

/// <summary>Someone other than its owner checked the evidence and confirmed a done action item really changed the system.</summary>
public sealed record ActionItemVerified(
    Guid OrgId,
    Guid ActionItemId,
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    PersonRef Owner,
    PersonRef VerifiedBy,
    IReadOnlyList<string> Evidence,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

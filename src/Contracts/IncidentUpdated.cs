namespace IncidentPlatform.Contracts;

/// <summary>A person who took part in an incident's response and their role (camelCase, e.g. <c>communicationsLead</c>).</summary>
public sealed record IncidentParticipant(string UserId, string DisplayName, string Role);

/// <summary>
/// An incident's description, people or record changed. Carries the incident as it now is, so a consumer keeps its
/// copy without calling back; <see cref="Changed"/> names what changed (<c>title</c>, <c>lead</c>, <c>impact</c>, …).
/// Severity and lifecycle changes have their own events.
/// </summary>
public sealed record IncidentUpdated(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    IReadOnlyList<string> Changed,
    string Title,
    string? Summary,
    string? Kind,
    Severity Severity,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tags,
    PersonRef IncidentLead,
    IReadOnlyList<IncidentParticipant> Participants,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The incident's impact as recorded (added in schema 1 without breaking it: older messages have none).</summary>
    public IncidentImpactFigures? Impact { get; init; }
}

namespace IncidentPlatform.Contracts;

public sealed record IncidentResolved(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    string Title,
    Severity Severity,
    IReadOnlyList<string> Services,
    PersonRef IncidentLead,
    DateTimeOffset StartedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset ResolvedAt,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;

    /// <summary>Who took part besides the lead (added in schema 1 without breaking it: older messages have none).</summary>
    public IReadOnlyList<IncidentParticipant> Participants { get; init; } = [];

    /// <summary>The incident's impact as recorded (added in schema 1 without breaking it: older messages have none).</summary>
    public IncidentImpactFigures? Impact { get; init; }

    /// <summary>The incident's tags (added in schema 1 without breaking it: older messages have none).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

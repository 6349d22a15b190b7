using IncidentPlatform.Contracts;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>A resolved or closed incident that turned out not to be over: why, who said so, and what it was before.</summary>
public sealed record Reopening(
    string Reason,
    PersonRef ReopenedBy,
    DateTimeOffset ReopenedAt,
    IncidentStatus PreviousStatus,
    DateTimeOffset PreviouslyResolvedAt,
    DateTimeOffset? PreviouslyClosedAt);

namespace IncidentPlatform.Contracts;

/// <summary>
/// A resolved or closed incident is live again. <see cref="WasClosed"/> says whether its review had already been
/// published; it will be resolved (and reviewed) again.
/// </summary>
public sealed record IncidentReopened(
    Guid OrgId,
    Guid IncidentId,
    string Reference,
    string Reason,
    PersonRef ReopenedBy,
    DateTimeOffset PreviouslyResolvedAt,
    bool WasClosed,
    DateTimeOffset OccurredAt) : IIntegrationEvent
{
    public int SchemaVersion { get; init; } = 1;
}

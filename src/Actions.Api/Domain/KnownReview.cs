using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>
/// A review this service has heard of through <c>ReviewCreated</c>. Action items attach only to known
/// reviews of the caller's org; the service never asks Reviews synchronously.
/// </summary>
public sealed class KnownReview : IOrgOwned
{
    public Guid ReviewId { get; init; }

    public Guid OrgId { get; init; }

    public Guid IncidentId { get; init; }

    public required string IncidentReference { get; init; }
}

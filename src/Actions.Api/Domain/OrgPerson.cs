using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Actions.Domain;

/// <summary>
/// A person this service has seen act for an org: a caller (token <c>tid</c> + <c>oid</c>) or someone an event names.
/// Entra object ids belong to one tenant, so a person seen in another org is never a valid owner here.
/// </summary>
public sealed class OrgPerson : IOrgOwned
{
    public Guid OrgId { get; init; }

    public required string UserId { get; init; }

    public required string DisplayName { get; set; }

    public DateTimeOffset FirstSeenAt { get; init; }
}

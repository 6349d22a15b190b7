namespace IncidentPlatform.ServiceDefaults.Identity;

/// <summary>
/// The organization the current request or message acts for. Set once per scope, from the token's
/// <c>tid</c> (HTTP) or the event's org id (messages); every query of the service's database is filtered by it.
/// </summary>
public sealed class OrgContext
{
    private Guid _orgId;

    public bool IsSet => _orgId != Guid.Empty;

    public Guid OrgId => IsSet ? _orgId : throw new InvalidOperationException("No organization is set for this scope.");

    /// <summary>The org id for query filters: <see cref="Guid.Empty"/> (matching no row) until one is set.</summary>
    public Guid OrgIdOrEmpty => _orgId;

    public void Set(Guid orgId)
    {
        if (orgId == Guid.Empty)
        {
            throw new ArgumentException("An organization id cannot be empty.", nameof(orgId));
        }

        if (IsSet && _orgId != orgId)
        {
            throw new InvalidOperationException("A scope cannot switch organizations.");
        }

        _orgId = orgId;
    }
}

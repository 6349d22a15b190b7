using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>The last incident number given out in an org for a year.</summary>
public sealed class IncidentReferenceCounter : IOrgOwned
{
    public Guid OrgId { get; init; }

    public int Year { get; init; }

    public int LastValue { get; init; }
}

namespace IncidentPlatform.Incidents.Domain;

/// <summary>What sort of incident it was (camelCase in JSON: <c>degradedRelease</c>, <c>nearMiss</c>, …).</summary>
public enum IncidentKind
{
    Outage,
    DegradedRelease,
    Security,
    Data,
    InternalTooling,
    NearMiss,
}

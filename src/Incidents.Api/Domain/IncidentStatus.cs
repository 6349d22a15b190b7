namespace IncidentPlatform.Incidents.Domain;

/// <summary>Where an incident is in its life. Each step is reached at a recorded UTC instant.</summary>
public enum IncidentStatus
{
    Started,
    Detected,
    Acknowledged,
    Mitigated,
    Resolved,

    /// <summary>Its review has been published; reached only through Reviews' <c>ReviewPublished</c>.</summary>
    Closed,
}

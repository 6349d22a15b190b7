namespace IncidentPlatform.Incidents.Domain;

/// <summary>
/// How the response went, from the lifecycle times. Time to detect runs from the start; acknowledge, mitigate
/// and resolve run from detection (what responders could act on); the duration is the whole impact window.
/// A metric is null until both of its steps are recorded.
/// </summary>
public sealed record ResponseMetrics(
    TimeSpan? TimeToDetect,
    TimeSpan? TimeToAcknowledge,
    TimeSpan? TimeToMitigate,
    TimeSpan? TimeToResolve,
    TimeSpan? Duration)
{
    public static ResponseMetrics Of(Incident incident) => new(
        incident.DetectedAt - incident.StartedAt,
        incident.AcknowledgedAt - incident.DetectedAt,
        incident.MitigatedAt - incident.DetectedAt,
        incident.ResolvedAt - incident.DetectedAt,
        incident.ResolvedAt - incident.StartedAt);
}

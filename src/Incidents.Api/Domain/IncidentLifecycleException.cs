using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>A lifecycle step that is not allowed from the incident's current state (HTTP 409).</summary>
public sealed class IncidentLifecycleException(string message) : ConflictException(message);

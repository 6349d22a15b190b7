using IncidentPlatform.Contracts;

namespace IncidentPlatform.Incidents.Domain;

/// <summary>One reclassification of an incident.</summary>
public sealed record SeverityChange(Severity From, Severity To, string Reason, PersonRef ChangedBy, DateTimeOffset ChangedAt);

using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Domain.Timeline;
using System.Text.Json;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>The integration events an incident's changes imply, built from the incident as it now is.</summary>
public static class IncidentEvents
{
    public static IncidentDeclared Declared(Incident incident, DateTimeOffset now) => new(
        incident.OrgId, incident.Id, incident.Reference, incident.Title, incident.Severity, incident.Services,
        incident.IncidentLead, incident.StartedAt, incident.DetectedAt, now);

    public static IncidentResolved Resolved(Incident incident, DateTimeOffset now) => new(
        incident.OrgId, incident.Id, incident.Reference, incident.Title, incident.Severity, incident.Services,
        incident.IncidentLead, incident.StartedAt, incident.DetectedAt!.Value, incident.ResolvedAt!.Value, now)
    {
        Participants = Participants(incident),
        Impact = ImpactFigures(incident),
        Tags = incident.Tags,
    };

    public static IncidentMitigated Mitigated(Incident incident, DateTimeOffset now) => new(
        incident.OrgId, incident.Id, incident.Reference, incident.Severity, incident.MitigatedAt!.Value, now);

    public static IncidentClosed Closed(Incident incident, DateTimeOffset now) => new(
        incident.OrgId, incident.Id, incident.Reference, incident.ClosedByReviewId!.Value, incident.ClosedAt!.Value, now);

    public static IncidentUpdated Updated(Incident incident, DateTimeOffset now, params string[] changed) => new(
        incident.OrgId, incident.Id, incident.Reference, changed, incident.Title, incident.Summary,
        incident.Kind is { } kind ? Camel(kind.ToString()) : null,
        incident.Severity, incident.Services, incident.Tags, incident.IncidentLead, Participants(incident), now)
    {
        Impact = ImpactFigures(incident),
    };

    /// <summary>
    /// The timeline events of a change to <paramref name="entries"/>, carrying the entries as they now are (none for a
    /// deletion), in events of at most <see cref="TimelineChanged.MaxEntriesPerEvent"/> entries.
    /// </summary>
    public static IEnumerable<TimelineChanged> TimelineChanged(
        Incident incident, TimelineChange change, IReadOnlyList<TimelineEntry> entries, PersonRef changedBy, DateTimeOffset now) =>
        entries.Chunk(Contracts.TimelineChanged.MaxEntriesPerEvent).Select(chunk => new TimelineChanged(
            incident.OrgId, incident.Id, incident.Reference, change, [.. chunk.Select(e => e.Id)], chunk.Length, changedBy, now)
        {
            Entries = change == TimelineChange.Deleted ? [] : [.. chunk.Select(Snapshot)],
        });

    private static TimelineEntrySnapshot Snapshot(TimelineEntry entry) => new(
        entry.Id, entry.OccurredAt, Camel(entry.Kind.ToString()), entry.Text, entry.Source, Camel(entry.Knowledge.ToString()), entry.IsKeyMoment, entry.Author, entry.Version);

    private static IncidentImpactFigures ImpactFigures(Incident incident)
    {
        var impact = incident.Impact;
        return new(impact.AffectedUsers, impact.AffectedCustomers, impact.FailedRequests, impact.DowntimeMinutes, impact.SlasBreached,
            impact.RevenueEstimate is { } money ? new MoneyAmount(money.Amount, money.Currency) : null,
            impact.CustomerEscalations, impact.SupportTickets, impact.Notes);
    }

    private static string Camel(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>The events of a lifecycle step that moved the incident from <paramref name="before"/> to where it is now.</summary>
    public static IEnumerable<IIntegrationEvent> OfStep(Incident incident, IncidentStatus before, DateTimeOffset now) => incident.Status switch
    {
        _ when incident.Status == before => [],
        IncidentStatus.Mitigated => [Mitigated(incident, now)],
        IncidentStatus.Resolved => [Resolved(incident, now)],
        _ => [],
    };

    private static IncidentParticipant[] Participants(Incident incident) =>
        [.. incident.Participants.Select(p => new IncidentParticipant(p.UserId, p.DisplayName, Camel(p.Role.ToString())))];
}

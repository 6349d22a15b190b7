using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>
/// Applies one lifecycle step to an incident: load it in the caller's org, honour <c>If-Match</c>, let the
/// domain decide, and commit the change with the events it implies.
/// </summary>
public sealed class IncidentSteps(IncidentsDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public async Task<Ok<IncidentResponse>> ApplyAsync(
        Guid id,
        LifecycleStepRequest? request,
        Action<Incident, DateTimeOffset, DateTimeOffset> step,
        CancellationToken cancellationToken)
    {
        var http = httpContextAccessor.HttpContext!;
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("incident", id);
        ETags.EnsureMatches(http.Request, incident.Version);

        var now = clock.GetUtcNow();
        var previousStatus = incident.Status;
        step(incident, request?.At ?? now, now);

        if (incident.Status == IncidentStatus.Mitigated && previousStatus != IncidentStatus.Mitigated)
        {
            db.AddIntegrationEvent(new IncidentMitigated(
                incident.OrgId, incident.Id, incident.Reference, incident.Severity, incident.MitigatedAt!.Value, now));
        }

        if (incident.Status == IncidentStatus.Resolved && previousStatus != IncidentStatus.Resolved)
        {
            db.AddIntegrationEvent(new IncidentResolved(
                incident.OrgId, incident.Id, incident.Reference, incident.Title, incident.Severity, incident.Services,
                incident.IncidentLead, incident.StartedAt, incident.DetectedAt!.Value, incident.ResolvedAt!.Value, now));
        }

        await db.SaveChangesOrConflictAsync(incident.Reference, cancellationToken);

        http.Response.Headers.ETag = ETags.For(incident.Version);
        return TypedResults.Ok(IncidentResponse.From(incident));
    }
}

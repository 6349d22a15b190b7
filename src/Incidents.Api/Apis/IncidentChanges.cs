using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>What a change to an incident needs: the time, and who is making it.</summary>
public readonly record struct ChangeContext(DateTimeOffset Now, PersonRef Caller);

/// <summary>
/// Applies one change to an incident the way every update endpoint must: load it in the caller's org (404),
/// honour <c>If-Match</c> (412), let the domain decide (409/422), and commit the change together with the events it
/// returns (outbox), answering with the incident and its new ETag. A change that changes nothing saves nothing.
/// </summary>
public sealed class IncidentChanges(IncidentsDbContext db, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public async Task<Ok<IncidentResponse>> ApplyAsync(
        Guid id, Func<Incident, ChangeContext, IEnumerable<IIntegrationEvent>> change, CancellationToken cancellationToken)
    {
        var http = httpContextAccessor.HttpContext!;
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("incident", id);
        ETags.EnsureMatches(http.Request, incident.Version);

        var versionBefore = incident.Version;
        var events = change(incident, new ChangeContext(clock.GetUtcNow(), http.User.GetPerson())).ToList();
        if (incident.Version != versionBefore)
        {
            db.AddIntegrationEvents(events);
            await db.SaveChangesOrConflictAsync(incident.Reference, cancellationToken);
        }

        http.Response.Headers.ETag = ETags.For(incident.Version);
        return TypedResults.Ok(IncidentResponse.From(incident));
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain.People;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>Who responded: hand the lead over, and add, re-role or remove participants. Every change takes <c>If-Match</c>.</summary>
public static class IncidentPeopleApi
{
    public static RouteGroupBuilder MapIncidentPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents/{id:guid}").WithTags("Incident people");

        api.MapPut("/lead", ChangeLead).WithSummary("Hand the lead to someone else; the former lead stays on record as a responder.")
            .WithRequestExample("End-of-shift handoff", new { userId = "5f0c2a9e-8d1b-4c7a-9e3f-2b6d4a1c8e7f", displayName = "Sam Chen", reason = "Handoff at end of shift" });
        api.MapPut("/participants/{userId}", SetParticipant).WithSummary("Add a participant in a role, or change their role.")
            .WithRequestExample("The communications lead", new { displayName = "Priya Nair", role = "communicationsLead" });
        api.MapDelete("/participants/{userId}", RemoveParticipant).WithSummary("Remove a participant added by mistake.");
        return api;
    }

    public static Task<Ok<IncidentResponse>> ChangeLead(Guid id, ChangeLeadRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            incident.ChangeLead(new PersonRef(request.UserId!, request.DisplayName!), request.Reason, change.Caller, change.Now);
            return [IncidentEvents.Updated(incident, change.Now, "lead", "participants")];
        }, cancellationToken);

    public static Task<Ok<IncidentResponse>> SetParticipant(
        Guid id, string userId, SetParticipantRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
            incident.SetParticipant(new PersonRef(userId, request.DisplayName!), request.Role!.Value, change.Now)
                ? [IncidentEvents.Updated(incident, change.Now, "participants")]
                : [], cancellationToken);

    public static Task<Ok<IncidentResponse>> RemoveParticipant(Guid id, string userId, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            incident.RemoveParticipant(userId, change.Now);
            return [IncidentEvents.Updated(incident, change.Now, "participants")];
        }, cancellationToken);
}

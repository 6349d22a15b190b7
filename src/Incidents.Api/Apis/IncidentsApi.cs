using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Incidents.Apis;

public static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents").WithTags("Incidents");

        api.MapGet("/", ListIncidents).WithSummary("List the org's incidents: filter, search title, summary and timeline (q), sort, and page with nextCursor.");
        api.MapGet("/{id:guid}", GetIncident).WithName(nameof(GetIncident)).WithSummary("Read one incident (with its ETag).");
        api.MapPost("/", DeclareIncident).WithSummary("Declare an incident.")
            .WithRequestExample("The checkout-api incident of the worked example", new
            {
                title = "Checkout errors after deploy of checkout-api v2.4.1",
                severity = "SEV2",
                services = new[] { "checkout-api" },
                startedAt = "2024-03-15T14:23:00Z",
                detectedAt = "2024-03-15T14:27:00Z",
                summary = "v2.4.1 exhausted the database connection pool; about 300 checkouts failed until the rollback.",
                kind = "degradedRelease",
                tags = new[] { "payments", "deploy" },
            })
            .WithResponseExample(422, "Detection before the start", EndpointExamples.ValidationProblem("detectedAt", "Detection cannot precede the start of the incident."));
        api.MapPost("/{id:guid}/detect", DetectIncident).WithSummary("Record when the incident was detected.")
            .WithRequestExample("Back-dated to when it really happened (omit the body for now)", new { at = "2024-03-15T14:27:00Z" });
        api.MapPost("/{id:guid}/acknowledge", AcknowledgeIncident).WithSummary("Record when a responder acknowledged it.")
            .WithRequestExample("Back-dated to when it really happened (omit the body for now)", new { at = "2024-03-15T14:28:00Z" });
        api.MapPost("/{id:guid}/mitigate", MitigateIncident).WithSummary("Record when its impact was mitigated.")
            .WithRequestExample("Back-dated to when it really happened (omit the body for now)", new { at = "2024-03-15T14:38:00Z" });
        api.MapPost("/{id:guid}/resolve", ResolveIncident).WithSummary("Resolve it; its review opens.")
            .WithRequestExample("Back-dated to when it really happened (omit the body for now)", new { at = "2024-03-15T14:45:00Z" });
        api.MapPost("/{id:guid}/reopen", ReopenIncident).WithSummary("Make a resolved or closed incident live again, saying why (If-Match: its ETag).")
            .WithRequestExample("Errors came back", new { reason = "Checkout errors came back an hour after the rollback." });
        api.MapPatch("/{id:guid}", UpdateIncident).WithSummary("Change its title, summary, kind, tags or services (If-Match: its ETag).")
            .WithRequestExample("Only what changes", new { summary = "v2.4.1 exhausted the connection pool; ~300 failed checkouts, ~$4,500 revenue.", tags = new[] { "payments", "connection-pool" } });
        api.MapPost("/{id:guid}/severity", ChangeSeverity).WithSummary("Reclassify it, saying why (If-Match: its ETag); every change is kept.")
            .WithRequestExample("Impact wider than first thought", new { severity = "SEV1", reason = "All EU checkouts fail, not just the canary." });
        return api;
    }

    public static async Task<Ok<Page<IncidentResponse>>> ListIncidents(
        [AsParameters] IncidentFilters filters, [AsParameters] IncidentListQuery list, IncidentsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await list.RunAsync(db, filters, cancellationToken));

    public static async Task<Results<Ok<IncidentResponse>, NotFound>> GetIncident(
        Guid id, IncidentsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = ETags.For(incident.Version);
        return TypedResults.Ok(IncidentResponse.From(incident));
    }

    public static async Task<CreatedAtRoute<IncidentResponse>> DeclareIncident(
        DeclareIncidentRequest request,
        IncidentDeclarations declarations,
        OrgContext org,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lead = request.IncidentLead is { UserId: { } userId, DisplayName: { } name }
            ? new PersonRef(userId, name)
            : http.User.GetPerson();
        var year = request.StartedAt!.Value.Year;
        Incident Declare(string reference) => Incident.Declare(
            org.OrgId, reference, request.Title!, request.Severity!.Value, request.Services ?? [], lead,
            request.StartedAt.Value, request.DetectedAt, now, request.Summary, request.Kind, request.Tags);

        // Refused here (422), before it takes a number: the declaration saved with its number is the same one.
        Declare(IncidentReference.Format(year, 1));
        var incident = await declarations.DeclareAsync(org.OrgId, year, Declare, cancellationToken);

        http.Response.Headers.ETag = ETags.For(incident.Version);
        return TypedResults.CreatedAtRoute(IncidentResponse.From(incident), nameof(GetIncident), new { id = incident.Id });
    }

    public static Task<Ok<IncidentResponse>> DetectIncident(Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LifecycleStepRequest? request, IncidentChanges changes, CancellationToken cancellationToken) =>
        ApplyStepAsync(changes, id, request, (incident, at, now) => incident.Detect(at, now), cancellationToken);

    public static Task<Ok<IncidentResponse>> AcknowledgeIncident(Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LifecycleStepRequest? request, IncidentChanges changes, CancellationToken cancellationToken) =>
        ApplyStepAsync(changes, id, request, (incident, at, now) => incident.Acknowledge(at, now), cancellationToken);

    public static Task<Ok<IncidentResponse>> MitigateIncident(Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LifecycleStepRequest? request, IncidentChanges changes, CancellationToken cancellationToken) =>
        ApplyStepAsync(changes, id, request, (incident, at, now) => incident.Mitigate(at, now), cancellationToken);

    public static Task<Ok<IncidentResponse>> ResolveIncident(Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] LifecycleStepRequest? request, IncidentChanges changes, CancellationToken cancellationToken) =>
        ApplyStepAsync(changes, id, request, (incident, at, now) => incident.Resolve(at, now), cancellationToken);

    public static Task<Ok<IncidentResponse>> ReopenIncident(Guid id, ReopenIncidentRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            var reopening = incident.Reopen(request.Reason!, change.Caller, change.Now);
            return [new IncidentReopened(
                incident.OrgId, incident.Id, incident.Reference, reopening.Reason, reopening.ReopenedBy,
                reopening.PreviouslyResolvedAt, reopening.PreviousStatus == IncidentStatus.Closed, change.Now)];
        }, cancellationToken);

    public static Task<Ok<IncidentResponse>> UpdateIncident(Guid id, UpdateIncidentRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
            incident.Describe(request.Title, request.Summary, request.Kind, request.Tags, request.Services, change.Now) is { Count: > 0 } changed
                ? [IncidentEvents.Updated(incident, change.Now, [.. changed])]
                : [], cancellationToken);

    public static Task<Ok<IncidentResponse>> ChangeSeverity(Guid id, ChangeSeverityRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            var severityChange = incident.ChangeSeverity(request.Severity!.Value, request.Reason!, change.Caller, change.Now);
            return [new IncidentSeverityChanged(
                incident.OrgId, incident.Id, incident.Reference, severityChange.From, severityChange.To, severityChange.Reason,
                severityChange.ChangedBy, change.Now)];
        }, cancellationToken);

    private static Task<Ok<IncidentResponse>> ApplyStepAsync(
        IncidentChanges changes, Guid id, LifecycleStepRequest? request, Action<Incident, DateTimeOffset, DateTimeOffset> step, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            var before = incident.Status;
            step(incident, request?.At ?? change.Now, change.Now);
            return IncidentEvents.OfStep(incident, before, change.Now);
        }, cancellationToken);
}

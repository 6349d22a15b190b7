using IncidentPlatform.Incidents.Domain.Record;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>The record beyond the timeline: what the incident cost, and links to the evidence. Every change takes <c>If-Match</c>.</summary>
public static class IncidentRecordApi
{
    public static RouteGroupBuilder MapIncidentRecordApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents/{id:guid}").WithTags("Incident record");

        api.MapPut("/impact", RecordImpact).WithSummary("Replace what is known of its impact; omitted figures are unknown, not zero.")
            .WithRequestExample("The worked example's impact", new
            {
                failedRequests = 300,
                affectedCustomers = 300,
                downtimeMinutes = 0,
                slasBreached = new[] { "checkout availability 99.95%" },
                revenueEstimate = new { amount = 4500, currency = "USD" },
                customerEscalations = 2,
                supportTickets = 12,
                notes = "Failures limited to card payments; PayPal checkouts unaffected.",
            })
            .WithResponseExample(422, "Not a currency", EndpointExamples.ValidationProblem("revenueEstimate.currency", "'DOLLARS' is not an ISO 4217 currency code (e.g. USD, EUR, GBP)."));
        api.MapPost("/evidence", AddEvidence).WithSummary("Link a dashboard, log query, ticket, chat thread, deploy report, runbook or customer message.")
            .WithRequestExample("A dashboard", new { kind = "dashboard", url = "https://grafana.example.com/d/checkout-api", title = "checkout-api error rate and latency" });
        api.MapDelete("/evidence/{evidenceId:guid}", RemoveEvidence).WithSummary("Remove an evidence link.");
        return api;
    }

    public static Task<Ok<IncidentResponse>> RecordImpact(Guid id, RecordImpactRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
            incident.RecordImpact(request.ToImpact(), change.Now)
                ? [IncidentEvents.Updated(incident, change.Now, "impact")]
                : [], cancellationToken);

    public static Task<Ok<IncidentResponse>> AddEvidence(Guid id, AddEvidenceRequest request, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            incident.AddEvidence(request.Kind!.Value, request.Url!, request.Title, change.Caller, change.Now);
            return [IncidentEvents.Updated(incident, change.Now, "evidence")];
        }, cancellationToken);

    public static Task<Ok<IncidentResponse>> RemoveEvidence(Guid id, Guid evidenceId, IncidentChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (incident, change) =>
        {
            incident.RemoveEvidence(evidenceId, change.Now);
            return [IncidentEvents.Updated(incident, change.Now, "evidence")];
        }, cancellationToken);
}

using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace IncidentPlatform.Actions.Apis;

/// <summary>An item's workflow: open → in progress → done (with evidence) → verified (by someone else); won't do and reopen with a reason.</summary>
public static class ActionWorkflowApi
{
    public static RouteGroupBuilder MapActionWorkflowApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/action-items/{id:guid}").WithTags("Action items");

        api.MapPost("/start", Start).WithSummary("Open → in progress (If-Match optional).");
        api.MapPost("/complete", Complete).WithSummary("Mark it done; needs evidence, given here or added before.")
            .WithRequestExample("The merged change and the drill that proves it", new
            {
                evidence = new object[]
                {
                    new { url = "https://github.com/acme/checkout-api/pull/1234", note = "Canary analysis gate merged" },
                    new { note = "Staging drill 2024-03-28: 1% injected errors blocked promotion" },
                },
            })
            .WithResponseExample(422, "No evidence", EndpointExamples.ValidationProblem("evidence", "Done needs evidence of completion."));
        api.MapPost("/verify", Verify).WithSummary("Done → verified, by someone other than the owner (409 for the owner).");
        api.MapPost("/wont-do", Decline).WithSummary("Open or in progress → won't do, with the reason.")
            .WithRequestExample("Superseded", new { reason = "Superseded by the platform-wide progressive delivery project (ACT-88)." });
        api.MapPost("/reopen", Reopen).WithSummary("Done, verified or won't do → open again, with the reason.")
            .WithRequestExample("It came back", new { reason = "The same pool exhaustion happened in INC-2024-057; the gate did not cover batch jobs." });
        api.MapPost("/evidence", AddEvidence).WithSummary("Attach evidence without changing the status.");
        return api;
    }

    public static Task<Ok<ActionItemResponse>> Start(Guid id, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) => ActionItemChanges.EventsOf(item, item.Start(change.Caller, change.Now), change), cancellationToken);

    public static Task<Ok<ActionItemResponse>> Complete(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CompleteActionItemRequest? request, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) =>
            ActionItemChanges.EventsOf(item, item.Complete(Evidence(request?.Evidence, change), change.Caller, change.Now), change), cancellationToken);

    public static Task<Ok<ActionItemResponse>> Verify(
        Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] VerifyActionItemRequest? request, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) => ActionItemChanges.EventsOf(item, item.Verify(change.Caller, request?.Note, change.Now), change), cancellationToken);

    public static Task<Ok<ActionItemResponse>> Decline(Guid id, ReasonRequest request, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) => ActionItemChanges.EventsOf(item, item.Decline(request.Reason, change.Caller, change.Now), change), cancellationToken);

    public static Task<Ok<ActionItemResponse>> Reopen(Guid id, ReasonRequest request, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) => ActionItemChanges.EventsOf(item, item.Reopen(request.Reason, change.Caller, change.Now), change), cancellationToken);

    public static Task<Ok<ActionItemResponse>> AddEvidence(Guid id, AddEvidenceRequest request, ActionItemChanges changes, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, (item, change) =>
        {
            item.AddEvidence(Evidence(request.Evidence, change), change.Caller, change.Now);
            return [];
        }, cancellationToken);

    private static List<ActionEvidence> Evidence(List<EvidenceRequest>? evidence, ChangeContext change) =>
        [.. (evidence ?? []).Select((e, index) => ActionItem.NewEvidence(e.Url, e.Note, change.Caller, change.Now, index))];
}

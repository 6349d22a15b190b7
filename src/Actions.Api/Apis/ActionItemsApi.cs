using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Apis;

public static class ActionItemsApi
{
    public static RouteGroupBuilder MapActionItemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/action-items").WithTags("Action items");

        api.MapGet("/", ListActionItems)
            .WithSummary("List the org's action items, newest first: filter by review, incident, status, priority, owner, service or overdue.");
        api.MapGet("/{id:guid}", GetActionItem).WithName(nameof(GetActionItem)).WithSummary("Read one action item (with its ETag and quality findings).");
        api.MapGet("/{id:guid}/history", GetHistory).WithSummary("Everything that happened to the item: created, edits (which fields), status moves with reasons, evidence.");
        api.MapPost("/", CreateActionItem).WithSummary("Add an action item to a review; the answer carries its quality findings.")
            .WithRequestExample("The first action of the worked example", new
            {
                reviewId = "0192f0c4-6a8e-7b3c-9d41-5e2f8a7b6c10",
                title = "Implement automated canary analysis that blocks promotion if error rate > 0.5%",
                description = "v2.4.1 reached 5% of traffic and nothing compared its error rate with the baseline before promotion.",
                owner = new { userId = "sarah-oid", displayName = "Sarah" },
                secondaryOwnerTeam = "Platform Team",
                dueDate = "2024-03-30",
                priority = "P1",
                type = "prevent",
                definitionOfDone = "A canary with an injected 1% error rate is blocked in staging; the check runs on every checkout-api deploy.",
                expectedOutcome = "A release that raises checkout errors never reaches more than 5% of traffic.",
            })
            .WithResponseExample(422, "Due date in the past", EndpointExamples.ValidationProblem("dueDate", "The due date 2020-01-01 has already passed."));
        api.MapPatch("/{id:guid}", UpdateActionItem).WithSummary("Change any of its fields (If-Match: its ETag); the edit is kept in its history.")
            .WithRequestExample("Only what changes", new { dueDate = "2024-04-05", definitionOfDone = "Rollback fires in staging when the error rate doubles." });
        return api;
    }

    public static async Task<Ok<Page<ActionItemResponse>>> ListActionItems(
        [AsParameters] ActionItemFilters filters,
        ActionsDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [FromQuery] int limit = 50,
        [FromQuery] Guid? cursor = null)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var page = await filters.Apply(db.ActionItems, today).ToPageAsync(limit, cursor, item => ActionItemResponse.From(item, today), cancellationToken);
        return TypedResults.Ok(page);
    }

    public static async Task<Ok<ActionItemResponse>> GetActionItem(
        Guid id, ActionsDbContext db, ActionItemChanges changes, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = await db.ActionItems.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("action item", id);
        return await changes.RespondAsync(http, item, clock.GetUtcNow(), cancellationToken);
    }

    public static async Task<Ok<IReadOnlyList<ActionItemChange>>> GetHistory(Guid id, ActionsDbContext db, CancellationToken cancellationToken)
    {
        var history = await db.ActionItems.AsNoTracking().Where(a => a.Id == id).Select(a => a.History).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("action item", id);
        return TypedResults.Ok<IReadOnlyList<ActionItemChange>>(history);
    }

    public static async Task<CreatedAtRoute<ActionItemResponse>> CreateActionItem(
        CreateActionItemRequest request,
        ActionsDbContext db,
        OrgContext org,
        ActionItemChanges changes,
        HttpContext http,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var review = await db.KnownReviews.SingleOrDefaultAsync(r => r.ReviewId == request.ReviewId, cancellationToken)
            ?? throw new ValidationException("reviewId", $"No review with id '{request.ReviewId}' exists in your organization.", 422);

        var now = clock.GetUtcNow();
        var caller = http.User.GetPerson();
        var item = ActionItem.Create(review, request.ToFields(), caller, now);
        await db.EnsureOwnerIsOfOrgAsync(org.OrgId, item.Owner, cancellationToken);
        await db.EnsureValidAsync(item.Id, item.DependsOn, cancellationToken);
        await db.RememberAsync(org.OrgId, caller, now, cancellationToken);
        db.ActionItems.Add(item);
        if (await db.TrackerConnections.FirstOrDefaultAsync(c => c.AutoCreate, cancellationToken) is { } tracker)
        {
            db.TrackerLinks.Add(TrackerLink.Create(item, tracker, now));
        }

        db.AddIntegrationEvent(new ActionItemCreated(
            item.OrgId, item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Title, item.Owner, item.DueDate,
            item.Priority.ToString(), now)
        {
            Type = item.Type.ToString().ToLowerInvariant(),
        });
        await db.SaveChangesAsync(cancellationToken);

        var answer = await changes.RespondAsync(http, item, now, cancellationToken);
        return TypedResults.CreatedAtRoute(answer.Value, nameof(GetActionItem), new { id = item.Id });
    }

    public static Task<Ok<ActionItemResponse>> UpdateActionItem(
        Guid id, UpdateActionItemRequest request, ActionItemChanges changes, ActionsDbContext db, OrgContext org, CancellationToken cancellationToken) =>
        changes.ApplyAsync(id, async (item, change) =>
        {
            var changed = item.Edit(request.ToEdit(), change.Caller, change.Now);
            if (changed.Contains("owner"))
            {
                await db.EnsureOwnerIsOfOrgAsync(org.OrgId, item.Owner, cancellationToken);
            }

            if (changed.Contains("dependsOn"))
            {
                await db.EnsureValidAsync(item.Id, item.DependsOn, cancellationToken);
            }

            return [];
        }, cancellationToken);
}

using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Apis;

public static class ActionItemsApi
{
    public static RouteGroupBuilder MapActionItemsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/action-items").WithTags("Action items");

        api.MapGet("/", ListActionItems).WithSummary("List the org's action items, newest first; filter by review.");
        api.MapGet("/{id:guid}", GetActionItem).WithName(nameof(GetActionItem)).WithSummary("Read one action item.");
        api.MapPost("/", CreateActionItem).WithSummary("Add an action item to a review.");
        return api;
    }

    public static async Task<Ok<Page<ActionItemResponse>>> ListActionItems(
        ActionsDbContext db,
        CancellationToken cancellationToken,
        [FromQuery] Guid? reviewId = null,
        [FromQuery] int limit = 50,
        [FromQuery] Guid? cursor = null)
    {
        var query = db.ActionItems.AsQueryable();
        if (reviewId is not null)
        {
            query = query.Where(a => a.ReviewId == reviewId);
        }

        return TypedResults.Ok(await query.ToPageAsync(limit, cursor, ActionItemResponse.From, cancellationToken));
    }

    public static async Task<Results<Ok<ActionItemResponse>, NotFound>> GetActionItem(
        Guid id, ActionsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var item = await db.ActionItems.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (item is null)
        {
            return TypedResults.NotFound();
        }

        response.Headers.ETag = ETags.For(item.Version);
        return TypedResults.Ok(ActionItemResponse.From(item));
    }

    public static async Task<CreatedAtRoute<ActionItemResponse>> CreateActionItem(
        CreateActionItemRequest request, ActionsDbContext db, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var review = await db.KnownReviews.SingleOrDefaultAsync(r => r.ReviewId == request.ReviewId, cancellationToken)
            ?? throw new ValidationException("reviewId", $"No review with id '{request.ReviewId}' exists in your organization.", 422);

        var now = clock.GetUtcNow();
        var item = ActionItem.Create(
            review, request.Title!, request.Description, new PersonRef(request.Owner!.UserId!, request.Owner.DisplayName!),
            request.DueDate!.Value, request.Priority!.Value, request.Type!.Value, now);
        db.ActionItems.Add(item);
        db.AddIntegrationEvent(new ActionItemCreated(
            item.OrgId, item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Title, item.Owner, item.DueDate,
            item.Priority.ToString(), now));
        await db.SaveChangesAsync(cancellationToken);

        response.Headers.ETag = ETags.For(item.Version);
        return TypedResults.CreatedAtRoute(ActionItemResponse.From(item), nameof(GetActionItem), new { id = item.Id });
    }
}

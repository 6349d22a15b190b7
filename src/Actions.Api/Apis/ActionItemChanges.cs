using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Apis;

/// <summary>What a change to an action item needs: the time, and who is making it.</summary>
public readonly record struct ChangeContext(DateTimeOffset Now, PersonRef Caller);

/// <summary>
/// Applies one change to an action item the way every update endpoint must: load it in the caller's org (404), honour
/// <c>If-Match</c> (412), let the domain decide (409/422), and commit it with the events it returns (outbox), answering
/// with the item, its quality findings and its new ETag. A change that changes nothing saves nothing.
/// </summary>
public sealed class ActionItemChanges(ActionsDbContext db, ActionQualityReader quality, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public async Task<Ok<ActionItemResponse>> ApplyAsync(
        Guid id, Func<ActionItem, ChangeContext, Task<IEnumerable<IIntegrationEvent>>> change, CancellationToken cancellationToken)
    {
        var http = httpContextAccessor.HttpContext!;
        var item = await db.ActionItems.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("action item", id);
        ETags.EnsureMatches(http.Request, item.Version);

        var context = new ChangeContext(clock.GetUtcNow(), http.User.GetPerson());
        var versionBefore = item.Version;
        var events = (await change(item, context)).ToList();
        if (item.Version != versionBefore)
        {
            // The item's issue in its tracker follows a status move (the sync worker pushes it).
            if (await db.TrackerLinks.SingleOrDefaultAsync(l => l.ActionItemId == item.Id, cancellationToken) is { } link)
            {
                link.ItemMoved(item.Status, context.Now);
                db.MarkSyncColumnsModified(link);
            }

            await db.RememberAsync(item.OrgId, context.Caller, context.Now, cancellationToken);
            db.AddIntegrationEvents(events);
            await db.SaveChangesOrConflictAsync($"Action item \"{item.Title}\"", cancellationToken);
        }

        return await RespondAsync(http, item, context.Now, cancellationToken);
    }

    public Task<Ok<ActionItemResponse>> ApplyAsync(
        Guid id, Func<ActionItem, ChangeContext, IEnumerable<IIntegrationEvent>> change, CancellationToken cancellationToken) =>
        ApplyAsync(id, (item, context) => Task.FromResult(change(item, context)), cancellationToken);

    /// <summary>The item with its ETag and its quality findings.</summary>
    public async Task<Ok<ActionItemResponse>> RespondAsync(HttpContext http, ActionItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        http.Response.Headers.ETag = ETags.For(item.Version);
        var findings = await quality.CheckAsync(item, cancellationToken);
        return TypedResults.Ok(ActionItemResponse.From(item, DateOnly.FromDateTime(now.UtcDateTime), findings));
    }

    /// <summary>The event of a status move, plus <see cref="ActionItemVerified"/> when the move verified it.</summary>
    public static IEnumerable<IIntegrationEvent> EventsOf(ActionItem item, StatusMove? move, ChangeContext context)
    {
        if (move is null)
        {
            yield break;
        }

        yield return new ActionItemStatusChanged(
            item.OrgId, item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Title,
            ActionItem.StatusName(move.From), ActionItem.StatusName(move.To), move.Reason, item.Owner, context.Caller, context.Now);
        if (move.To == ActionItemStatus.Verified)
        {
            yield return new ActionItemVerified(
                item.OrgId, item.Id, item.ReviewId, item.IncidentId, item.IncidentReference, item.Title, item.Owner, context.Caller,
                [.. item.Evidence.Select(e => e.Describe())], context.Now);
        }
    }
}

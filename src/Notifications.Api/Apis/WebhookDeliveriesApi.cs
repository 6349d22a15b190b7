using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Apis;

/// <summary>The delivery log of an endpoint, and replays.</summary>
public static class WebhookDeliveriesApi
{
    /// <summary>The widest range one replay covers: the default retention of the delivery log.</summary>
    public static readonly TimeSpan MaxReplayRange = TimeSpan.FromDays(31);

    public static RouteGroupBuilder MapWebhookDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webhooks/endpoints/{endpointId:guid}").WithTags("Webhooks");
        api.MapGet("/deliveries", ListDeliveries).WithSummary("The endpoint's deliveries, newest first (filter by status and time).");
        api.MapGet("/deliveries/{deliveryId:guid}", GetDelivery).WithSummary("One delivery: the CloudEvent sent and every attempt (status, latency, response excerpt).");
        api.MapPost("/deliveries/{deliveryId:guid}/replay", ReplayDelivery).WithSummary("Send a finished delivery again, with the same webhook-id.");
        api.MapPost("/replay", ReplayRange)
            .WithSummary("Send again every failed or skipped delivery created in [from, to) (with includeSucceeded, every delivery).")
            .WithRequestExample("The hour an endpoint was down", new { from = "2024-03-15T14:00:00Z", to = "2024-03-15T15:00:00Z" });
        return api;
    }

    public static async Task<Ok<Page<WebhookDeliveryResponse>>> ListDeliveries(
        Guid endpointId, NotificationsDbContext db, CancellationToken cancellationToken,
        [FromQuery] string? status = null, [FromQuery] DateTimeOffset? from = null, [FromQuery] DateTimeOffset? to = null,
        [FromQuery] int limit = 50, [FromQuery] Guid? cursor = null)
    {
        await db.FindEndpointAsync(endpointId, cancellationToken);
        var query = db.WebhookDeliveries.Where(d => d.EndpointId == endpointId);
        if (status is not null)
        {
            var wanted = QueryValues.ParseEnum<WebhookDeliveryStatus>("status")(status);
            query = query.Where(d => d.Status == wanted);
        }

        if (from is not null)
        {
            query = query.Where(d => d.CreatedAt >= from);
        }

        if (to is not null)
        {
            query = query.Where(d => d.CreatedAt < to);
        }

        return TypedResults.Ok(await query.ToPageAsync(limit, cursor, WebhookDeliveryResponse.From, cancellationToken));
    }

    public static async Task<Ok<WebhookDeliveryDetailResponse>> GetDelivery(
        Guid endpointId, Guid deliveryId, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var delivery = await FindDeliveryAsync(db, endpointId, deliveryId, cancellationToken);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Number).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WebhookDeliveryDetailResponse(
            WebhookDeliveryResponse.From(delivery), delivery.Payload, [.. attempts.Select(WebhookAttemptResponse.From)]));
    }

    public static async Task<Accepted<WebhookDeliveryResponse>> ReplayDelivery(
        Guid endpointId, Guid deliveryId, NotificationsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(endpointId, cancellationToken);
        var delivery = await FindDeliveryAsync(db, endpointId, deliveryId, cancellationToken);
        delivery.Replay(endpoint, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/webhooks/endpoints/{endpointId}/deliveries/{deliveryId}", WebhookDeliveryResponse.From(delivery));
    }

    public static async Task<Accepted<ReplayRangeResponse>> ReplayRange(
        Guid endpointId, ReplayRangeRequest request, NotificationsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(endpointId, cancellationToken);
        var now = clock.GetUtcNow();
        var (from, to) = (request.From, request.To ?? now);
        if (from is null)
        {
            throw new ValidationException("from", "Give the start of the range to replay (e.g. 2024-03-15T14:00:00Z).");
        }

        if (from >= to || to - from > MaxReplayRange)
        {
            throw new ValidationException("to", $"The range must end after it starts and span at most {MaxReplayRange.TotalDays:0} days.");
        }

        WebhookDeliveryStatus[] replayable = request.IncludeSucceeded == true
            ? [WebhookDeliveryStatus.Failed, WebhookDeliveryStatus.Skipped, WebhookDeliveryStatus.Succeeded]
            : [WebhookDeliveryStatus.Failed, WebhookDeliveryStatus.Skipped];
        var deliveries = await db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.CreatedAt >= from && d.CreatedAt < to && replayable.Contains(d.Status))
            .ToListAsync(cancellationToken);
        foreach (var delivery in deliveries)
        {
            delivery.Replay(endpoint, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/webhooks/endpoints/{endpointId}/deliveries?status=pending", new ReplayRangeResponse(deliveries.Count, from.Value, to));
    }

    private static async Task<WebhookDelivery> FindDeliveryAsync(NotificationsDbContext db, Guid endpointId, Guid deliveryId, CancellationToken cancellationToken) =>
        await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, cancellationToken)
        ?? throw new NotFoundException("webhook delivery", deliveryId);
}

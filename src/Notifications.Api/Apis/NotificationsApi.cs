using System.Security.Claims;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Apis;

public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications").WithTags("Notifications");

        api.MapGet("/", ListMyNotifications).WithSummary("The caller's notifications, newest first.");
        api.MapGet("/{id:guid}", GetMyNotification).WithSummary("Read one of the caller's notifications.");
        api.MapPost("/{id:guid}/read", MarkRead).WithSummary("Mark one of the caller's notifications as read.");
        api.MapPost("/{id:guid}/unread", MarkUnread).WithSummary("Mark one of the caller's notifications as unread again.");
        api.MapPost("/read-all", MarkAllRead).WithSummary("Mark all of the caller's notifications as read; answers how many were unread.");
        return api;
    }

    public static async Task<Ok<Page<NotificationResponse>>> ListMyNotifications(
        NotificationsDbContext db,
        ClaimsPrincipal user,
        CancellationToken cancellationToken,
        [FromQuery] bool unreadOnly = false,
        [FromQuery] int limit = 50,
        [FromQuery] Guid? cursor = null)
    {
        var me = user.GetPerson().UserId;
        var query = db.Notifications.Where(n => n.RecipientUserId == me);
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        return TypedResults.Ok(await query.ToPageAsync(limit, cursor, NotificationResponse.From, cancellationToken));
    }

    public static async Task<Results<Ok<NotificationResponse>, NotFound>> GetMyNotification(
        Guid id, NotificationsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var me = user.GetPerson().UserId;
        var notification = await db.Notifications.AsNoTracking()
            .SingleOrDefaultAsync(n => n.Id == id && n.RecipientUserId == me, cancellationToken);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        var deliveries = await db.ChannelDeliveries.AsNoTracking().Where(d => d.NotificationId == id).OrderBy(d => d.Channel).ToListAsync(cancellationToken);
        return TypedResults.Ok(NotificationResponse.From(notification, deliveries));
    }

    public static async Task<Results<Ok<NotificationResponse>, NotFound>> MarkRead(
        Guid id, NotificationsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = user.GetPerson().UserId;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.RecipientUserId == me, cancellationToken);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkRead(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(NotificationResponse.From(notification));
    }

    public static async Task<Results<Ok<NotificationResponse>, NotFound>> MarkUnread(
        Guid id, NotificationsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var me = user.GetPerson().UserId;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.RecipientUserId == me, cancellationToken);
        if (notification is null)
        {
            return TypedResults.NotFound();
        }

        notification.MarkUnread();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(NotificationResponse.From(notification));
    }

    public static async Task<Ok<MarkedRead>> MarkAllRead(NotificationsDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = user.GetPerson().UserId;
        var now = clock.GetUtcNow();
        var marked = await db.Notifications.Where(n => n.RecipientUserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(update => update.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.Ok(new MarkedRead(marked));
    }
}

public sealed record MarkedRead(int Marked);

/// <summary>Where a notification went besides the inbox, and how that went.</summary>
public sealed record ChannelDeliveryResponse(NotificationChannel Channel, ChannelDeliveryStatus Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError)
{
    public static ChannelDeliveryResponse From(ChannelDelivery d) => new(d.Channel, d.Status, d.Attempts, d.NextAttemptAt, d.SentAt, d.LastError);
}

public sealed record NotificationResponse(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string Body,
    string Link,
    string RecipientUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt,
    IReadOnlyList<ChannelDeliveryResponse>? Deliveries = null)
{
    public static NotificationResponse From(Notification n) =>
        new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.RecipientUserId, n.CreatedAt, n.ReadAt);

    /// <summary>With its deliveries to email and chat (reading one notification shows them; lists do not).</summary>
    public static NotificationResponse From(Notification n, IEnumerable<ChannelDelivery> deliveries) =>
        From(n) with { Deliveries = [.. deliveries.Select(ChannelDeliveryResponse.From)] };
}

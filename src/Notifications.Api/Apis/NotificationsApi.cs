using System.Security.Claims;
using IncidentPlatform.Notifications.Domain;
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
        return notification is null ? TypedResults.NotFound() : TypedResults.Ok(NotificationResponse.From(notification));
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
}

public sealed record NotificationResponse(
    Guid Id,
    NotificationKind Kind,
    string Title,
    string Body,
    string Link,
    string RecipientUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt)
{
    public static NotificationResponse From(Notification n) =>
        new(n.Id, n.Kind, n.Title, n.Body, n.Link, n.RecipientUserId, n.CreatedAt, n.ReadAt);
}

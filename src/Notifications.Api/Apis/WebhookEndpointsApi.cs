using System.Security.Claims;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Secrets;
using IncidentPlatform.ServiceDefaults.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Apis;

/// <summary>An org's partner webhook endpoints: registration, secrets, enabling and disabling, and the test event.</summary>
public static class WebhookEndpointsApi
{
    public static RouteGroupBuilder MapWebhookEndpointsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/webhooks/event-types", ListEventTypes).WithTags("Webhooks")
            .WithSummary("The partner event catalogue: each CloudEvents type, what it means, and the JSON schema of its data.");

        var api = app.MapGroup("/api/webhooks/endpoints").WithTags("Webhooks");
        api.MapPost("/", CreateEndpoint)
            .WithSummary("Register an endpoint. The answer carries its signing secret (whsec_…), shown this once.")
            .WithRequestExample("Review publications to a partner", new
            {
                url = "https://hooks.partner.example.com/incidentplatform",
                eventTypes = new[] { PartnerEventTypes.ReviewPublished, PartnerEventTypes.IncidentResolved },
                description = "Status page updates",
            });
        api.MapGet("/", ListEndpoints).WithSummary("The org's endpoints, newest first.");
        api.MapGet("/{id:guid}", GetEndpoint).WithSummary("One endpoint (never its secret).");
        api.MapPatch("/{id:guid}", ChangeEndpoint).WithSummary("Change an endpoint's URL, event types, description or redirect following (If-Match: its ETag).");
        api.MapDelete("/{id:guid}", DeleteEndpoint).WithSummary("Remove an endpoint with its delivery log.");
        api.MapPost("/{id:guid}/enable", EnableEndpoint).WithSummary("Resume deliveries to a disabled endpoint (replay the time it was off to catch up).");
        api.MapPost("/{id:guid}/disable", DisableEndpoint).WithSummary("Stop deliveries; events meanwhile are logged as skipped and can be replayed.");
        api.MapPost("/{id:guid}/secret/rotate", RotateSecret)
            .WithSummary("A new signing secret, shown once; the previous one keeps signing for the overlap (default 24 h, at most 168 h).");
        api.MapPost("/{id:guid}/test", SendTestEvent).WithSummary("Send a test event (com.incidentplatform.webhook.test.v1) now; follow it in the delivery log.");
        return api;
    }

    public static Ok<IReadOnlyList<PartnerEventTypeResponse>> ListEventTypes() =>
        TypedResults.Ok<IReadOnlyList<PartnerEventTypeResponse>>(
            [.. PartnerEventTypes.All.Select(t => new PartnerEventTypeResponse(t.Type, t.Description, PartnerEventTypes.IsSubscribable(t.Type), PartnerEventSchemas.SchemaOf(t)))]);

    public static async Task<Created<WebhookEndpointWithSecretResponse>> CreateEndpoint(
        WebhookEndpointRequest request, NotificationsDbContext db, OrgContext org, ClaimsPrincipal user, WebhookAddressGuard guard,
        SecretProtector secrets, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var settings = await ValidSettingsAsync(
            org.OrgId, request.Url, request.EventTypes, request.Description, request.FollowRedirects ?? false, guard, cancellationToken);
        var (endpoint, secret) = WebhookEndpoint.Create(org.OrgId, settings, user.GetPerson(), clock.GetUtcNow(), secrets.Protect);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        response.Headers.ETag = ETags.For(endpoint.Version);
        return TypedResults.Created($"/api/webhooks/endpoints/{endpoint.Id}", new WebhookEndpointWithSecretResponse(WebhookEndpointResponse.From(endpoint), secret));
    }

    public static async Task<Ok<Page<WebhookEndpointResponse>>> ListEndpoints(
        NotificationsDbContext db, CancellationToken cancellationToken, [FromQuery] int limit = 50, [FromQuery] Guid? cursor = null) =>
        TypedResults.Ok(await db.WebhookEndpoints.ToPageAsync(limit, cursor, WebhookEndpointResponse.From, cancellationToken));

    public static async Task<Ok<WebhookEndpointResponse>> GetEndpoint(Guid id, NotificationsDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        return WithETag(endpoint, response);
    }

    public static async Task<Ok<WebhookEndpointResponse>> ChangeEndpoint(
        Guid id, WebhookEndpointPatch patch, NotificationsDbContext db, WebhookAddressGuard guard, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        ETags.EnsureMatches(http.Request, endpoint.Version);
        var current = endpoint.Settings;
        var settings = await ValidSettingsAsync(
            endpoint.OrgId, patch.Url ?? current.Url, patch.EventTypes ?? current.EventTypes, patch.Description ?? current.Description,
            patch.FollowRedirects ?? current.FollowRedirects, guard, cancellationToken);
        if (!JsonConventions.SameJson(settings, current))
        {
            endpoint.Change(settings, clock.GetUtcNow());
            await db.SaveChangesOrConflictAsync("The webhook endpoint", cancellationToken);
        }

        return WithETag(endpoint, http.Response);
    }

    public static async Task<NoContent> DeleteEndpoint(Guid id, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<WebhookEndpointResponse>> EnableEndpoint(
        Guid id, NotificationsDbContext db, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        endpoint.Enable(clock.GetUtcNow());
        await db.SaveChangesOrConflictAsync("The webhook endpoint", cancellationToken);
        return WithETag(endpoint, response);
    }

    public static async Task<Ok<WebhookEndpointResponse>> DisableEndpoint(
        Guid id, NotificationsDbContext db, ClaimsPrincipal user, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        endpoint.Disable($"Disabled by {user.GetPerson().DisplayName}.", now);
        await db.SaveChangesOrConflictAsync("The webhook endpoint", cancellationToken);
        await db.SkipWaitingDeliveriesAsync(endpoint.Id, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return WithETag(endpoint, response);
    }

    public static async Task<Ok<WebhookEndpointWithSecretResponse>> RotateSecret(
        Guid id, RotateSecretRequest? request, NotificationsDbContext db, SecretProtector secrets, TimeProvider clock, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        var overlap = request?.OverlapHours is { } hours && double.IsFinite(hours) ? TimeSpan.FromHours(hours) : WebhookEndpoint.DefaultRotationOverlap;
        var secret = endpoint.RotateSecret(overlap, clock.GetUtcNow(), secrets.Protect);
        await db.SaveChangesOrConflictAsync("The webhook endpoint", cancellationToken);
        response.Headers.ETag = ETags.For(endpoint.Version);
        return TypedResults.Ok(new WebhookEndpointWithSecretResponse(WebhookEndpointResponse.From(endpoint), secret));
    }

    public static async Task<Accepted<WebhookDeliveryResponse>> SendTestEvent(
        Guid id, NotificationsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoint = await db.FindEndpointAsync(id, cancellationToken);
        if (endpoint.Status != WebhookEndpointStatus.Enabled)
        {
            throw new ConflictException("The endpoint is disabled; enable it before sending a test event.");
        }

        var now = clock.GetUtcNow();
        var testEvent = WebhookTestData.For(endpoint.OrgId, endpoint.Id, now);
        var delivery = WebhookDelivery.Create(endpoint, testEvent, testEvent.ToJson(), now);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/webhooks/endpoints/{endpoint.Id}/deliveries/{delivery.Id}", WebhookDeliveryResponse.From(delivery));
    }

    public static async Task<WebhookEndpoint> FindEndpointAsync(this NotificationsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new NotFoundException("webhook endpoint", id);

    private static Ok<WebhookEndpointResponse> WithETag(WebhookEndpoint endpoint, HttpResponse response)
    {
        response.Headers.ETag = ETags.For(endpoint.Version);
        return TypedResults.Ok(WebhookEndpointResponse.From(endpoint));
    }

    /// <summary>The settings normalized, or a 400 naming each wrong field; the URL passes the SSRF guard's registration check.</summary>
    private static async Task<WebhookEndpointSettings> ValidSettingsAsync(
        Guid orgId, string? url, IReadOnlyList<string>? eventTypes, string? description, bool followRedirects, WebhookAddressGuard guard, CancellationToken cancellationToken)
    {
        var errors = WebhookEndpointSettings.Validate(description, eventTypes);
        var trimmedUrl = TextValues.TrimToNull(url);
        if (await guard.CheckRegistrationAsync(trimmedUrl, orgId, "url", cancellationToken) is { } refusal)
        {
            errors["url"] = [refusal];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return new WebhookEndpointSettings(trimmedUrl!, TextValues.TrimToNull(description) ?? "", [.. eventTypes!.Distinct()], followRedirects);
    }
}

using System.Security.Cryptography;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Actions.Infrastructure.Trackers;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Actions.Apis;

/// <summary>
/// Tracker sync: the org's connections to GitHub, Jira and Linear (credentials write-only), an item's issue and its
/// sync state, and the webhook trackers post their changes to.
/// </summary>
public static class TrackersApi
{
    public static IEndpointRouteBuilder MapTrackersApi(this IEndpointRouteBuilder app)
    {
        var connections = app.MapGroup("/api/action-items/trackers").WithTags("Tracker sync");
        connections.MapGet("/", ListConnections).WithSummary("The org's tracker connections (never a token or webhook secret).");
        connections.MapPut("/{kind}", PutConnection)
            .WithSummary("Connect GitHub, Jira or Linear, or change the connection (a token left out is kept). A new connection answers with its webhook secret, shown once.")
            .WithRequestExample("Jira Cloud", new { baseUrl = "https://acme.atlassian.net", project = "OPS", userName = "sre-bot@acme.example", token = "ATATT3x…", autoCreate = true });
        connections.MapDelete("/{kind}", DeleteConnection).WithSummary("Disconnect; linked items keep their issue link and show the sync as pending until connected again.");
        connections.MapPost("/{kind}/webhook-secret", ReplaceWebhookSecret).WithSummary("A new webhook secret, shown once; enter it in the tracker's webhook settings.");

        var link = app.MapGroup("/api/action-items/{id:guid}/tracker").WithTags("Tracker sync");
        link.MapPost("/", LinkItem).WithSummary("Create the item's issue in a tracker of the org (the only one, or the kind given); the sync runs in the background.");
        link.MapGet("/", GetLink).WithSummary("The item's issue and how its sync stands: synced, or pending with the last error and the next attempt.");
        link.MapPost("/sync", RequestSync).WithSummary("Read the issue now and follow it (instead of waiting for the next poll).");

        app.MapPost("/api/action-items/tracker-webhooks/{connectionId:guid}", ReceiveWebhook).AllowAnonymous().WithTags("Tracker sync")
            .WithSummary("Where a tracker posts issue changes; authenticated by the connection's webhook secret (HMAC-SHA256 of the body), not a token.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<TrackerConnectionResponse>>> ListConnections(ActionsDbContext db, IOptions<TrackerOptions> options, CancellationToken cancellationToken)
    {
        var connections = await db.TrackerConnections.AsNoTracking().OrderBy(c => c.Kind).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<TrackerConnectionResponse>>([.. connections.Select(c => TrackerConnectionResponse.From(c, options.Value, null))]);
    }

    public static async Task<Ok<TrackerConnectionResponse>> PutConnection(
        string kind, TrackerConnectionRequest request, ActionsDbContext db, OrgContext org, SecretProtector secrets, IOptions<TrackerOptions> options,
        TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var trackerKind = ParseKind(kind);
        var now = clock.GetUtcNow();
        var token = string.IsNullOrWhiteSpace(request.Token) ? null : request.Token.Trim();
        if (token is not null && (token.Length > TrackerConnection.MaxTokenLength || token.Any(c => c is < '!' or > '~')))
        {
            throw new ValidationException("token", $"A token is at most {TrackerConnection.MaxTokenLength} printable ASCII characters, without spaces.");
        }

        var connection = await db.TrackerConnections.SingleOrDefaultAsync(c => c.Kind == trackerKind, cancellationToken);
        ETags.EnsureMatches(http.Request, connection?.Version ?? 0);
        var settings = TrackerSettings.Validate(trackerKind, request.BaseUrl, request.Project, request.UserName, request.AutoCreate ?? false,
            hasToken: token is not null || connection is not null, new TrackerHosts(options.Value.AllowedBaseUrls));
        string? webhookSecret = null;
        if (connection is null)
        {
            (connection, webhookSecret) = TrackerConnection.Create(org.OrgId, trackerKind, settings, token!, now, secrets.Protect);
            db.TrackerConnections.Add(connection);
            // Items linked through an earlier connection to the same project resume syncing through this one: in the
            // transaction that saves it, so a connection refused (409: another request connected first) moves none.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesOrConflictAsync($"The {trackerKind} connection", cancellationToken);
            var newId = connection.Id;
            await db.TrackerLinks.Where(l => l.Kind == trackerKind && l.BaseUrl == settings.BaseUrl && l.Project == settings.Project)
                .ExecuteUpdateAsync(update => update.SetProperty(l => l.ConnectionId, newId).SetProperty(l => l.NextAttemptAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            connection.Apply(settings, token, now, secrets.Protect);
            await db.SaveChangesOrConflictAsync($"The {trackerKind} connection", cancellationToken);
        }

        http.Response.Headers.ETag = ETags.For(connection.Version);
        return TypedResults.Ok(TrackerConnectionResponse.From(connection, options.Value, webhookSecret));
    }

    public static async Task<NoContent> DeleteConnection(string kind, ActionsDbContext db, CancellationToken cancellationToken)
    {
        var trackerKind = ParseKind(kind);
        return await db.TrackerConnections.Where(c => c.Kind == trackerKind).ExecuteDeleteAsync(cancellationToken) == 0
            ? throw new NotFoundException("tracker connection", kind)
            : TypedResults.NoContent();
    }

    public static async Task<Ok<TrackerConnectionResponse>> ReplaceWebhookSecret(
        string kind, ActionsDbContext db, SecretProtector secrets, IOptions<TrackerOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var trackerKind = ParseKind(kind);
        var connection = await db.TrackerConnections.SingleOrDefaultAsync(c => c.Kind == trackerKind, cancellationToken)
            ?? throw new NotFoundException("tracker connection", kind);
        var secret = connection.ReplaceWebhookSecret(clock.GetUtcNow(), secrets.Protect);
        await db.SaveChangesOrConflictAsync($"The {trackerKind} connection", cancellationToken);
        return TypedResults.Ok(TrackerConnectionResponse.From(connection, options.Value, secret));
    }

    public static async Task<Accepted<TrackerLinkResponse>> LinkItem(
        Guid id, [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] LinkTrackerRequest? request,
        ActionsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var item = await db.ActionItems.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new NotFoundException("action item", id);
        if (await db.TrackerLinks.AnyAsync(l => l.ActionItemId == id, cancellationToken))
        {
            throw new ConflictException("The action item already has its issue in a tracker; read it at …/tracker.");
        }

        var connections = await db.TrackerConnections.ToListAsync(cancellationToken);
        var connection = request?.Kind is { } kind
            ? connections.SingleOrDefault(c => c.Kind == (QueryValues.TryParseEnum(kind, out TrackerKind asked)
                    ? asked
                    : throw new ValidationException("kind", $"'{kind}' is not a tracker; known: github, jira, linear.", 422)))
                ?? throw new ValidationException("kind", $"Your organization has not connected {kind}; connect it at /api/action-items/trackers/{kind.ToLowerInvariant()}.", 422)
            : connections.Count switch
            {
                1 => connections[0],
                0 => throw new ValidationException("kind", "Your organization has connected no tracker; connect one at /api/action-items/trackers/{github|jira|linear}.", 422),
                _ => throw new ValidationException("kind", $"Your organization has connected {string.Join(" and ", connections.Select(c => c.Kind))}: say which.", 422),
            };
        var link = TrackerLink.Create(item, connection, clock.GetUtcNow());
        db.TrackerLinks.Add(link);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new ConflictException("The action item already has its issue in a tracker (linked just now by another request).");
        }

        return TypedResults.Accepted($"/api/action-items/{id}/tracker", TrackerLinkResponse.From(link));
    }

    public static async Task<Ok<TrackerLinkResponse>> GetLink(Guid id, ActionsDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(TrackerLinkResponse.From(await db.LinkOfAsync(id, cancellationToken)));

    public static async Task<Accepted<TrackerLinkResponse>> RequestSync(Guid id, ActionsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var link = await db.LinkOfAsync(id, cancellationToken);
        link.RequestPull(clock.GetUtcNow());
        db.MarkSyncColumnsModified(link);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/action-items/{id}/tracker", TrackerLinkResponse.From(link));
    }

    /// <summary>
    /// A tracker's change notice. The signature is checked with the connection's secret (401 otherwise); the issue it
    /// names, if linked, is read back by the sync worker rather than trusting the payload's state. Anything else is
    /// acknowledged and ignored, so trackers do not retry events of no interest.
    /// </summary>
    public static async Task<Results<Accepted, UnauthorizedHttpResult>> ReceiveWebhook(
        Guid connectionId, HttpRequest request, ActionsDbContext db, OrgContext org, IEnumerable<ITrackerAdapter> adapters, SecretProtector secrets,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var connection = await db.TrackerConnections.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken);
        if (connection is null)
        {
            return TypedResults.Unauthorized();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var adapter = adapters.Single(a => a.Kind == connection.Kind);
        string webhookSecret;
        try
        {
            webhookSecret = secrets.Unprotect(connection.ProtectedWebhookSecret, connection.WebhookSecretPurpose);
        }
        catch (CryptographicException exception)
        {
            // The tracker alone sees the answer: operators learn of it here.
            loggers.CreateLogger(typeof(TrackersApi)).LogWarning(exception,
                "The webhook secret of tracker connection {ConnectionId} of org {OrgId} cannot be decrypted; its webhooks are refused until a new one is issued.",
                connection.Id, connection.OrgId);
            throw new DependencyUnavailableException(
                "This connection's webhook secret cannot be decrypted (written under an encryption key no longer in the platform's key ring, or damaged). " +
                $"Issue a new one (POST /api/action-items/trackers/{connection.Kind.ToString().ToLowerInvariant()}/webhook-secret) and enter it in the tracker.");
        }

        TrackerWebhook webhook;
        try
        {
            if (!adapter.TryReadWebhook(headers, body.ToArray(), webhookSecret, out webhook))
            {
                return TypedResults.Unauthorized();
            }
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new ValidationException("body", "The webhook's body is not the tracker's JSON event (not JSON, or a field of the wrong type).");
        }

        if (webhook.ExternalId is { } externalId)
        {
            org.Set(connection.OrgId);
            var link = await db.TrackerLinks.SingleOrDefaultAsync(l => l.ConnectionId == connection.Id && l.ExternalId == externalId, cancellationToken);
            if (link is not null)
            {
                link.RequestPull(clock.GetUtcNow());
                db.MarkSyncColumnsModified(link);
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return TypedResults.Accepted((string?)null);
    }

    private static async Task<TrackerLink> LinkOfAsync(this ActionsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.TrackerLinks.SingleOrDefaultAsync(l => l.ActionItemId == id, cancellationToken)
        ?? throw new NotFoundException("tracker issue of action item", id);

    private static TrackerKind ParseKind(string kind) =>
        QueryValues.TryParseEnum(kind, out TrackerKind parsed)
            ? parsed
            : throw new NotFoundException("tracker", kind + " (known: github, jira, linear)");
}

public sealed record TrackerConnectionRequest(string? BaseUrl, string? Project, string? UserName, string? Token, bool? AutoCreate);

public sealed record LinkTrackerRequest(string? Kind);

/// <summary>A connection as the org sees it: never its token; its webhook secret only in the answer that made it.</summary>
public sealed record TrackerConnectionResponse(
    Guid Id, TrackerKind Kind, string BaseUrl, string Project, string? UserName, bool AutoCreate, string WebhookUrl, string? WebhookSecret,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static TrackerConnectionResponse From(TrackerConnection c, TrackerOptions options, string? webhookSecret)
    {
        var path = $"/api/action-items/tracker-webhooks/{c.Id}";
        return new(c.Id, c.Kind, c.BaseUrl, c.Project, c.UserName, c.AutoCreate,
            options.PublicUrl(path), webhookSecret, c.CreatedAt, c.UpdatedAt);
    }
}

public sealed record TrackerLinkResponse(
    Guid ActionItemId, TrackerKind Kind, string? ExternalKey, string? Url, ExternalState? ExternalState, ExternalState DesiredState,
    TrackerSyncStatus SyncStatus, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset? LastSyncedAt)
{
    public static TrackerLinkResponse From(TrackerLink l) => new(
        l.ActionItemId, l.Kind, l.ExternalKey, l.Url, l.ExternalState, l.DesiredState, l.SyncStatus, l.Attempts, l.NextAttemptAt, l.LastError, l.LastSyncedAt);
}

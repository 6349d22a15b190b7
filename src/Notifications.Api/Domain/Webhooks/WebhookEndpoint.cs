using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

public enum WebhookEndpointStatus
{
    Enabled,
    Disabled,
}

/// <summary>
/// A partner's HTTPS endpoint that receives the org's events it subscribed to, signed with the endpoint's secret.
/// The secret is shown once, when created or rotated; it is kept encrypted (<see cref="ProtectedSecret"/>) because
/// every delivery must sign with it. A rotation keeps the previous secret signing until its overlap ends.
/// </summary>
public sealed class WebhookEndpoint : IOrgOwned, IHasTimeOrderedId
{
    public const int MaxDescriptionLength = 500;
    public const int MaxDisabledReasonLength = 500;
    public static readonly TimeSpan DefaultRotationOverlap = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxRotationOverlap = TimeSpan.FromDays(7);

    private WebhookEndpoint()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public string Url { get; private set; } = "";

    public string Description { get; private set; } = "";

    public List<string> EventTypes { get; private set; } = [];

    /// <summary>Off by default: a redirect is then a failed attempt. On, up to 3 hops, each checked like the URL itself.</summary>
    public bool FollowRedirects { get; private set; }

    public WebhookEndpointStatus Status { get; private set; }

    public string? DisabledReason { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>When the current run of failed attempts began (null after a success): how long the endpoint has been failing.</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public string ProtectedSecret { get; private set; } = "";

    public string? ProtectedPreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public DateTimeOffset SecretCreatedAt { get; private set; }

    public PersonRef CreatedBy { get; private set; } = new("", "");

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>What an encrypted secret of this endpoint is bound to: moved to another row or org, it no longer decrypts.</summary>
    public string SecretPurpose => PurposeOf(OrgId, Id);

    private static string PurposeOf(Guid orgId, Guid endpointId) => $"webhook-endpoint-secret:{orgId}:{endpointId}";

    /// <summary>Creates the endpoint and its first secret; the plain secret is returned once, to show once.</summary>
    public static (WebhookEndpoint Endpoint, string Secret) Create(
        Guid orgId, WebhookEndpointSettings settings, PersonRef createdBy, DateTimeOffset now, Func<string, string, string> protect)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(now),
            OrgId = orgId,
            Url = settings.Url,
            Description = settings.Description,
            EventTypes = [.. settings.EventTypes],
            FollowRedirects = settings.FollowRedirects,
            Status = WebhookEndpointStatus.Enabled,
            CreatedBy = createdBy,
            CreatedAt = now,
            UpdatedAt = now,
            SecretCreatedAt = now,
        };
        var secret = StandardWebhooks.NewSecret();
        endpoint.ProtectedSecret = protect(secret, endpoint.SecretPurpose);
        return (endpoint, secret);
    }

    public void Change(WebhookEndpointSettings settings, DateTimeOffset now)
    {
        Url = settings.Url;
        Description = settings.Description;
        EventTypes = [.. settings.EventTypes];
        FollowRedirects = settings.FollowRedirects;
        Touch(now);
    }

    public WebhookEndpointSettings Settings => new(Url, Description, EventTypes, FollowRedirects);

    /// <summary>A new secret; the old one keeps signing (both signatures are sent) for <paramref name="overlap"/>.</summary>
    public string RotateSecret(TimeSpan overlap, DateTimeOffset now, Func<string, string, string> protect)
    {
        if (overlap < TimeSpan.Zero || overlap > MaxRotationOverlap)
        {
            throw new ValidationException("overlapHours", $"The overlap must be between 0 and {MaxRotationOverlap.TotalHours:0} hours.");
        }

        var secret = StandardWebhooks.NewSecret();
        ProtectedPreviousSecret = overlap > TimeSpan.Zero ? ProtectedSecret : null;
        PreviousSecretExpiresAt = overlap > TimeSpan.Zero ? now + overlap : null;
        ProtectedSecret = protect(secret, SecretPurpose);
        SecretCreatedAt = now;
        Touch(now);
        return secret;
    }

    /// <summary>
    /// The secrets that sign a delivery now: the current one, and the previous one while its overlap lasts. One that
    /// <paramref name="unprotect"/> cannot read (null) is left out: an unreadable previous secret is the very reason to
    /// rotate, and the current one then signs alone. Null when the current one cannot be read: nothing may sign.
    /// </summary>
    public IReadOnlyList<string>? SigningSecrets(DateTimeOffset now, Func<string, string, string?> unprotect) =>
        SigningSecrets(new StoredSecrets(OrgId, Id, ProtectedSecret, ProtectedPreviousSecret, PreviousSecretExpiresAt), now, unprotect);

    /// <inheritdoc cref="SigningSecrets(DateTimeOffset, Func{string, string, string})"/>
    public static IReadOnlyList<string>? SigningSecrets(StoredSecrets stored, DateTimeOffset now, Func<string, string, string?> unprotect)
    {
        var purpose = PurposeOf(stored.OrgId, stored.EndpointId);
        if (unprotect(stored.ProtectedCurrent, purpose) is not { } current)
        {
            return null;
        }

        return stored.ProtectedPrevious is { } previous && stored.PreviousExpiresAt > now && unprotect(previous, purpose) is { } previousSecret
            ? [current, previousSecret]
            : [current];
    }

    /// <summary>An endpoint's encrypted secrets as stored (what the dispatcher reads without loading the endpoint).</summary>
    public sealed record StoredSecrets(Guid OrgId, Guid EndpointId, string ProtectedCurrent, string? ProtectedPrevious, DateTimeOffset? PreviousExpiresAt);

    public void Enable(DateTimeOffset now)
    {
        if (Status == WebhookEndpointStatus.Enabled)
        {
            return;
        }

        Status = WebhookEndpointStatus.Enabled;
        DisabledReason = null;
        DisabledAt = null;
        FailingSince = null;
        Touch(now);
    }

    public void Disable(string reason, DateTimeOffset now)
    {
        if (Status == WebhookEndpointStatus.Disabled)
        {
            return;
        }

        Status = WebhookEndpointStatus.Disabled;
        DisabledReason = TextValues.Truncate(reason, MaxDisabledReasonLength);
        DisabledAt = now;
        Touch(now);
    }

    /// <summary>
    /// How far <see cref="LastSuccessAt"/> may lag behind the last success. A busy endpoint succeeds hundreds of times a
    /// second; writing each one rewrote its row as often (500 updates/s at 1,000 deliveries/s over 10 endpoints), under
    /// the fan-outs whose new deliveries lock it as their foreign key's target.
    /// </summary>
    public static readonly TimeSpan LastSuccessPrecision = TimeSpan.FromSeconds(1);

    public void RecordSuccess(DateTimeOffset now)
    {
        FailingSince = null;
        if (LastSuccessAt is not { } last || now - last >= LastSuccessPrecision)
        {
            LastSuccessAt = now;
        }
    }

    /// <summary>
    /// Starts or extends the failing streak; an endpoint failing for longer than <paramref name="disableAfter"/> is
    /// disabled, and the reason quotes <paramref name="error"/>, what went wrong this time: the partner reads why (an
    /// answer, a timeout, a secret the platform cannot decrypt) without paging through the delivery log.
    /// </summary>
    public void RecordFailure(DateTimeOffset now, TimeSpan disableAfter, string? error)
    {
        FailingSince ??= now;
        if (now - FailingSince >= disableAfter)
        {
            var streak = $"Every delivery failed for {disableAfter.TotalDays:0.#} days (since {FailingSince:yyyy-MM-dd HH:mm} UTC).";
            Disable(error is null ? streak : $"{streak} The last attempt: {error}", now);
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>What a partner sets on an endpoint, already normalized and checked (<see cref="WebhookEndpointSettings.Validate"/>).</summary>
public sealed record WebhookEndpointSettings(string Url, string Description, IReadOnlyList<string> EventTypes, bool FollowRedirects)
{
    /// <summary>Field errors of the settings apart from the URL's destination, which the address guard checks.</summary>
    public static Dictionary<string, string[]> Validate(string? description, IReadOnlyList<string>? eventTypes)
    {
        var errors = new Dictionary<string, string[]>();
        if (eventTypes is null || eventTypes.Count == 0)
        {
            errors["eventTypes"] = ["Subscribe to at least one event type (GET /api/webhooks/event-types lists them)."];
        }
        else if (eventTypes.Where(type => !PartnerEventTypes.IsSubscribable(type)).ToList() is { Count: > 0 } unknown)
        {
            errors["eventTypes"] = [$"Unknown event type(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", PartnerEventTypes.Subscribable.Select(t => t.Type))}."];
        }

        if (description is { Length: > WebhookEndpoint.MaxDescriptionLength })
        {
            errors["description"] = [$"The description can be at most {WebhookEndpoint.MaxDescriptionLength} characters."];
        }

        return errors;
    }
}

using System.Security.Cryptography;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its next attempt (<see cref="WebhookDelivery.NextAttemptAt"/>).</summary>
    Pending,
    Succeeded,
    /// <summary>Every attempt of the schedule failed, or the endpoint answered 410 Gone.</summary>
    Failed,
    /// <summary>Not sent: the endpoint was disabled when the event came, or got disabled before it was sent. Replay sends it.</summary>
    Skipped,
}

/// <summary>
/// One event for one endpoint. Its <see cref="WebhookId"/> (the <c>webhook-id</c> header) stays the same on every
/// attempt and replay, so receivers can drop duplicates. The body is kept as sent: every attempt sends the same bytes.
/// </summary>
/// <remarks>Its id is a UUIDv7 of its creation time on the service's clock, so the log's retention is a range of the key.</remarks>
public sealed class WebhookDelivery : IOrgOwned, IHasTimeOrderedId
{
    public const int MaxErrorLength = 1000;

    /// <summary>Room for <c>msg_</c> and 32 hex digits.</summary>
    public const int WebhookIdMaxLength = 40;

    /// <summary>Why a delivery was not sent: its endpoint was disabled (when the event came, or while it waited).</summary>
    public const string EndpointDisabledError = "The endpoint was disabled.";

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid EndpointId { get; private set; }

    /// <summary>The CloudEvent's id; with the endpoint, unique: a redelivered event makes no second delivery.</summary>
    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = "";

    public string Payload { get; private set; } = "";

    public WebhookDeliveryStatus Status { get; private set; }

    public int AttemptCount { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>Claimed by a dispatcher until then; another one (replica) may take it over after.</summary>
    public DateTimeOffset? LeasedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The <c>webhook-id</c> sent on every attempt and replay.</summary>
    public string WebhookId => WebhookIdAsStored(Id, StoredWebhookId);

    /// <summary>Null for deliveries made before 2026-12-07, whose webhook-id was made from their own id.</summary>
    private string? StoredWebhookId { get; set; }

    /// <summary>The <c>webhook-id</c> of the delivery with this id and stored webhook-id (null for one made before 2026-12-07).</summary>
    public static string WebhookIdAsStored(Guid deliveryId, string? stored) => stored ?? $"msg_{deliveryId:N}";

    /// <summary>
    /// The <c>webhook-id</c> of an event's delivery to an endpoint, made from the two alone: a delivery's first attempt
    /// may start before the delivery is written, so an event handled again after its write failed is sent with the same id.
    /// </summary>
    public static string WebhookIdOf(Guid eventId, Guid endpointId)
    {
        Span<byte> pair = stackalloc byte[32];
        eventId.TryWriteBytes(pair[..16], bigEndian: true, out _);
        endpointId.TryWriteBytes(pair[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(pair, hash);
        return "msg_" + Convert.ToHexStringLower(hash[..16]);
    }

    public static WebhookDelivery Create(WebhookEndpoint endpoint, PartnerEvent partnerEvent, string payload, DateTimeOffset now)
    {
        var sendable = endpoint.Status == WebhookEndpointStatus.Enabled;
        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(now),
            OrgId = endpoint.OrgId,
            EndpointId = endpoint.Id,
            EventId = partnerEvent.Id,
            StoredWebhookId = WebhookIdOf(partnerEvent.Id, endpoint.Id),
            EventType = partnerEvent.Type,
            Payload = payload,
            Status = sendable ? WebhookDeliveryStatus.Pending : WebhookDeliveryStatus.Skipped,
            NextAttemptAt = sendable ? now : null,
            CreatedAt = now,
            CompletedAt = sendable ? null : now,
            LastError = sendable ? null : EndpointDisabledError,
        };
    }

    /// <summary>Sends it again, with the same webhook-id, as soon as the dispatcher can; attempts start a new schedule.</summary>
    public void Replay(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        if (endpoint.Status != WebhookEndpointStatus.Enabled)
        {
            throw new ConflictException("The endpoint is disabled; enable it before replaying its deliveries.");
        }

        if (Status == WebhookDeliveryStatus.Pending)
        {
            throw new ConflictException("The delivery is still being attempted; it can be replayed once it has succeeded or failed.");
        }

        Status = WebhookDeliveryStatus.Pending;
        NextAttemptAt = now;
        CompletedAt = null;
        // Attempts are numbered on; the schedule restarts from its first delay.
        ScheduleStartsAfterAttempt = AttemptCount;
    }

    /// <summary>How many attempts came before the last replay: the retry schedule counts only those after it.</summary>
    public int ScheduleStartsAfterAttempt { get; private set; }

    /// <summary>
    /// Records one attempt and moves the delivery on: done on success, failed on 410 Gone (which also disables the
    /// endpoint) or when the schedule is used up, otherwise pending until the schedule's next time. The endpoint's
    /// health follows: a success clears its failing streak; a failure starts or extends it, and a streak longer than
    /// <paramref name="disableAfter"/> disables the endpoint.
    /// </summary>
    public WebhookAttempt RecordAttempt(WebhookEndpoint endpoint, WebhookAttemptResult result, DateTimeOffset attemptedAt, DateTimeOffset now, double random, TimeSpan disableAfter)
    {
        AttemptCount++;
        LeasedUntil = null;
        LastStatusCode = result.StatusCode;
        LastError = TextValues.Truncate(result.Error, MaxErrorLength);
        switch (result.Outcome)
        {
            case WebhookAttemptOutcome.Succeeded:
                Complete(WebhookDeliveryStatus.Succeeded, now);
                endpoint.RecordSuccess(now);
                break;
            case WebhookAttemptOutcome.Gone:
                Complete(WebhookDeliveryStatus.Failed, now);
                endpoint.Disable("The endpoint answered 410 Gone.", now);
                break;
            default:
                NextAttemptAt = WebhookRetrySchedule.NextAttemptAt(AttemptCount - ScheduleStartsAfterAttempt, now, random);
                if (NextAttemptAt is null)
                {
                    Complete(WebhookDeliveryStatus.Failed, now);
                }

                endpoint.RecordFailure(now, disableAfter, result.Error);
                break;
        }

        return new WebhookAttempt
        {
            Id = Guid.CreateVersion7(attemptedAt),
            OrgId = OrgId,
            DeliveryId = Id,
            EndpointId = EndpointId,
            Number = AttemptCount,
            AttemptedAt = attemptedAt,
            Outcome = result.Outcome,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            ResponseExcerpt = result.ResponseExcerpt,
            Error = TextValues.Truncate(result.Error, MaxErrorLength),
        };
    }

    /// <summary>Claims it for one dispatcher until <paramref name="until"/>; no other takes it before, unless it is recorded.</summary>
    public void Lease(DateTimeOffset until)
    {
        if (Status != WebhookDeliveryStatus.Pending)
        {
            throw new InvalidOperationException($"Only a pending delivery is attempted; this one is {Status}.");
        }

        LeasedUntil = until;
    }

    /// <summary>Not sent after all: its endpoint was disabled while it waited.</summary>
    public void Skip(DateTimeOffset now)
    {
        if (Status == WebhookDeliveryStatus.Pending)
        {
            LeasedUntil = null;
            LastError = EndpointDisabledError;
            Complete(WebhookDeliveryStatus.Skipped, now);
        }
    }

    private void Complete(WebhookDeliveryStatus status, DateTimeOffset now)
    {
        Status = status;
        NextAttemptAt = null;
        CompletedAt = now;
    }
}

/// <summary>What one attempt came to, before it is recorded.</summary>
public sealed record WebhookAttemptResult(WebhookAttemptOutcome Outcome, int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error);

public enum WebhookAttemptOutcome
{
    Succeeded,
    /// <summary>Any answer but 2xx and 410, or a network error: retried.</summary>
    Failed,
    TimedOut,
    /// <summary>The endpoint answered 410 Gone: it is disabled, nothing more is sent.</summary>
    Gone,
    /// <summary>The destination resolved to an address partners may not reach (SSRF guard): refused before connecting.</summary>
    Blocked,
}

/// <summary>One try of a delivery, as the delivery log shows it.</summary>
public sealed class WebhookAttempt : IOrgOwned, IHasTimeOrderedId
{
    public const int ResponseExcerptLength = 1000;

    public Guid Id { get; init; }

    public Guid OrgId { get; init; }

    public Guid DeliveryId { get; init; }

    public Guid EndpointId { get; init; }

    public int Number { get; init; }

    public DateTimeOffset AttemptedAt { get; init; }

    public WebhookAttemptOutcome Outcome { get; init; }

    public int? StatusCode { get; init; }

    public int LatencyMs { get; init; }

    public string? ResponseExcerpt { get; init; }

    public string? Error { get; init; }
}

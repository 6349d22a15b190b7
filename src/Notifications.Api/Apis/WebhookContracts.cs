using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.Webhooks;

namespace IncidentPlatform.Notifications.Apis;

public sealed record WebhookEndpointRequest(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? FollowRedirects);

/// <summary>A partial change: only the fields given change.</summary>
public sealed record WebhookEndpointPatch(string? Url, IReadOnlyList<string>? EventTypes, string? Description, bool? FollowRedirects);

public sealed record RotateSecretRequest(double? OverlapHours);

public sealed record ReplayRangeRequest(DateTimeOffset? From, DateTimeOffset? To, bool? IncludeSucceeded);

public sealed record WebhookEndpointResponse(
    Guid Id,
    string Url,
    string Description,
    IReadOnlyList<string> EventTypes,
    bool FollowRedirects,
    WebhookEndpointStatus Status,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FailingSince,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset SecretCreatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    PersonRef CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e) => new(
        e.Id, e.Url, e.Description, e.EventTypes, e.FollowRedirects, e.Status, e.DisabledReason, e.DisabledAt, e.FailingSince,
        e.LastSuccessAt, e.SecretCreatedAt, e.PreviousSecretExpiresAt, e.CreatedBy, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The answer to creating an endpoint or rotating its secret: the only time the secret is shown.</summary>
public sealed record WebhookEndpointWithSecretResponse(WebhookEndpointResponse Endpoint, string Secret);

public sealed record WebhookDeliveryResponse(
    Guid Id,
    string WebhookId,
    Guid EndpointId,
    Guid EventId,
    string EventType,
    WebhookDeliveryStatus Status,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int? LastStatusCode,
    string? LastError)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) => new(
        d.Id, d.WebhookId, d.EndpointId, d.EventId, d.EventType, d.Status, d.AttemptCount, d.NextAttemptAt, d.CreatedAt, d.CompletedAt,
        d.LastStatusCode, d.LastError);
}

public sealed record WebhookAttemptResponse(
    int Number, DateTimeOffset AttemptedAt, WebhookAttemptOutcome Outcome, int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error)
{
    public static WebhookAttemptResponse From(WebhookAttempt a) => new(a.Number, a.AttemptedAt, a.Outcome, a.StatusCode, a.LatencyMs, a.ResponseExcerpt, a.Error);
}

/// <summary>One delivery in full: what was sent (the CloudEvent, byte for byte) and every attempt.</summary>
public sealed record WebhookDeliveryDetailResponse(WebhookDeliveryResponse Delivery, string Payload, IReadOnlyList<WebhookAttemptResponse> Attempts);

public sealed record ReplayRangeResponse(int Queued, DateTimeOffset From, DateTimeOffset To);

public sealed record PartnerEventTypeResponse(string Type, string Description, bool Subscribable, System.Text.Json.Nodes.JsonNode DataSchema);

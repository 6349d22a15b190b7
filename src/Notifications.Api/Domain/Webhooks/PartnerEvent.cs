using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

/// <summary>
/// An event as partners receive it: a CloudEvents 1.0 event in structured mode. <see cref="Id"/> is the id of the
/// platform event it tells of, so every endpoint and channel (webhook, AMQP) sees the same id for the same event.
/// </summary>
public sealed record PartnerEvent(Guid Id, Guid OrgId, string Type, string Subject, DateTimeOffset Time, object Data)
{
    public const string ContentType = "application/cloudevents+json";

    /// <summary>The CloudEvents <c>source</c>: the organization the event belongs to.</summary>
    public string Source => $"/orgs/{OrgId}";

    /// <summary>The JSON body partners receive, in the platform's JSON conventions.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new CloudEventEnvelope("1.0", Id.ToString(), Source, Type, Subject, Time, "application/json", Data), JsonConventions.Default);

    private sealed record CloudEventEnvelope(
        [property: JsonPropertyName("specversion")] string SpecVersion,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("time")] DateTimeOffset Time,
        [property: JsonPropertyName("datacontenttype")] string DataContentType,
        [property: JsonPropertyName("data")] object Data);
}

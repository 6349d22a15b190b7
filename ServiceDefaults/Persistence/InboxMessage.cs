namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>A message a consumer endpoint has fully processed; a redelivery of it is skipped.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    /// <summary>The receive endpoint (queue) that processed it: one message may be consumed once per endpoint.</summary>
    public required string Consumer { get; init; }

    public required string MessageType { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>
/// An integration event written in the same transaction as the change that caused it; the relay
/// publishes it to RabbitMQ after commit. Its id becomes the message id, which the inbox deduplicates on.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>Insertion order; the relay publishes in this order.</summary>
    public long Sequence { get; init; }

    public Guid OrgId { get; init; }

    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>W3C traceparent of the request that wrote it, so the trace continues through the broker.</summary>
    public string? TraceParent { get; init; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>
    /// Set when the message can never be published as it is (its type is unknown to this build, or its payload does
    /// not read): it is set aside so it does not hold back every later event, and waits for an operator.
    /// </summary>
    public DateTimeOffset? ParkedAt { get; set; }

    public string? LastError { get; set; }
}

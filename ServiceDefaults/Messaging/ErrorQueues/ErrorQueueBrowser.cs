using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;

/// <summary>A service's error queue and how many messages wait in it.</summary>
public sealed record ErrorQueueSummary(string Queue, string ConsumerQueue, uint MessageCount);

/// <summary>A message that kept failing, with the fault MassTransit recorded when it gave up.</summary>
public sealed record FaultedMessage(
    Guid? MessageId,
    IReadOnlyList<string> MessageTypes,
    Guid? OrgId,
    string? FaultedAt,
    string? ConsumerType,
    string? ExceptionType,
    string? ExceptionMessage,
    string? StackTrace,
    JsonElement? Message);

public sealed record ReplayResult(int Replayed, uint Remaining);

/// <summary>
/// Reads, replays and discards the messages in this service's <c>_error</c> queues, straight on the broker.
/// Messages that are only looked at go back to the queue in their place; a replayed message is put back on
/// its consumer's queue (confirmed by the broker) before it is removed from the error queue, so a crash in
/// between can only duplicate it, and the consumer's inbox makes a duplicate harmless.
/// </summary>
public sealed class ErrorQueueBrowser(RabbitMqAddress address, ReceiveEndpointCatalog endpoints) : IAsyncDisposable
{
    private const string FaultHeaderPrefix = "MT-Fault-";
    private const string HostHeaderPrefix = "MT-Host-";
    private const string ReasonHeader = "MT-Reason";
    private readonly BrokerConnection _broker = new(address, "error-queue-operations");

    public async Task<IReadOnlyList<ErrorQueueSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var summaries = new List<ErrorQueueSummary>();
        foreach (var queue in endpoints.Queues)
        {
            var errorQueue = ReceiveEndpointCatalog.ErrorQueueOf(queue);
            summaries.Add(new ErrorQueueSummary(errorQueue, queue, await CountAsync(errorQueue, cancellationToken)));
        }

        return summaries;
    }

    /// <summary>The first <paramref name="limit"/> messages, left in the queue; null when the queue is not this service's.</summary>
    public async Task<IReadOnlyList<FaultedMessage>?> PeekAsync(string errorQueue, int limit, CancellationToken cancellationToken)
    {
        if (endpoints.QueueOfErrorQueue(errorQueue) is null)
        {
            return null;
        }

        if (await CountAsync(errorQueue, cancellationToken) == 0)
        {
            return [];
        }

        await using var channel = await (await _broker.OpenAsync(cancellationToken)).CreateChannelAsync(cancellationToken: cancellationToken);
        var messages = new List<FaultedMessage>();
        ulong lastTag = 0;
        while (messages.Count < limit && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } delivery)
        {
            messages.Add(Describe(delivery));
            lastTag = delivery.DeliveryTag;
        }

        if (lastTag > 0)
        {
            await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, cancellationToken);
        }

        return messages;
    }

    /// <summary>
    /// Moves the chosen messages (all when <paramref name="messageIds"/> is empty) back to the consumer's
    /// queue; null when the queue is not this service's.
    /// </summary>
    public async Task<ReplayResult?> ReplayAsync(string errorQueue, IReadOnlySet<Guid> messageIds, CancellationToken cancellationToken)
    {
        if (endpoints.QueueOfErrorQueue(errorQueue) is not { } consumerQueue)
        {
            return null;
        }

        var replayed = 0;
        await SweepAsync(errorQueue, async (channel, delivery) =>
        {
            if (messageIds.Count > 0 && !(MessageIdOf(delivery) is { } id && messageIds.Contains(id)))
            {
                return false;
            }

            await channel.BasicPublishAsync("", consumerQueue, mandatory: true, WithoutFault(delivery.BasicProperties), delivery.Body, cancellationToken);
            replayed++;
            return true;
        }, cancellationToken);

        return new ReplayResult(replayed, await CountAsync(errorQueue, cancellationToken));
    }

    /// <summary>Removes one message for good; null when the queue is not this service's, false when the message is not in it.</summary>
    public async Task<bool?> DiscardAsync(string errorQueue, Guid messageId, CancellationToken cancellationToken)
    {
        if (endpoints.QueueOfErrorQueue(errorQueue) is null)
        {
            return null;
        }

        var discarded = false;
        await SweepAsync(errorQueue, (_, delivery) =>
        {
            var match = !discarded && MessageIdOf(delivery) == messageId;
            discarded |= match;
            return Task.FromResult(match);
        }, cancellationToken);
        return discarded;
    }

    public ValueTask DisposeAsync() => _broker.DisposeAsync();

    /// <summary>
    /// Visits each message in the queue once: those <paramref name="take"/> returns true for are acknowledged
    /// (removed), the rest return to the queue when the sweep ends.
    /// </summary>
    private async Task SweepAsync(string errorQueue, Func<IChannel, BasicGetResult, Task<bool>> take, CancellationToken cancellationToken)
    {
        var count = await CountAsync(errorQueue, cancellationToken);
        if (count == 0)
        {
            return;
        }

        var connection = await _broker.OpenAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var kept = new List<ulong>();
        for (var visited = 0u; visited < count && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } delivery; visited++)
        {
            if (await take(channel, delivery))
            {
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
            }
            else
            {
                kept.Add(delivery.DeliveryTag);
            }
        }

        foreach (var tag in kept)
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        }
    }

    private async Task<uint> CountAsync(string queue, CancellationToken cancellationToken) =>
        // MassTransit creates an error queue on the first fault; before that there is nothing in it.
        (await _broker.InspectQueueAsync(queue, cancellationToken))?.MessageCount ?? 0;

    private static BasicProperties WithoutFault(IReadOnlyBasicProperties original)
    {
        var properties = new BasicProperties(original);
        if (original.Headers is { } headers)
        {
            properties.Headers = headers
                .Where(header => !header.Key.StartsWith(FaultHeaderPrefix, StringComparison.Ordinal)
                    && !header.Key.StartsWith(HostHeaderPrefix, StringComparison.Ordinal)
                    && header.Key != ReasonHeader)
                .ToDictionary(header => header.Key, header => header.Value);
        }

        return properties;
    }

    private static FaultedMessage Describe(BasicGetResult delivery)
    {
        JsonElement? message = null;
        IReadOnlyList<string> messageTypes = [];
        Guid? orgId = null;
        try
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            if (envelope.RootElement.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array)
            {
                messageTypes = [.. types.EnumerateArray().Select(type => type.GetString() ?? "")];
            }

            if (envelope.RootElement.TryGetProperty("message", out var body))
            {
                message = body.Clone();
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("orgId", out var org) && org.TryGetGuid(out var parsed))
                {
                    orgId = parsed;
                }
            }
        }
        catch (JsonException)
        {
            // Not a MassTransit JSON envelope: still listed, with its headers, so it can be discarded.
        }

        return new FaultedMessage(
            MessageIdOf(delivery),
            messageTypes,
            orgId,
            Header(delivery, FaultHeaderPrefix + "Timestamp"),
            Header(delivery, FaultHeaderPrefix + "ConsumerType"),
            Header(delivery, FaultHeaderPrefix + "ExceptionType"),
            Header(delivery, FaultHeaderPrefix + "Message"),
            Header(delivery, FaultHeaderPrefix + "StackTrace"),
            message);
    }

    private static Guid? MessageIdOf(BasicGetResult delivery)
    {
        if (Guid.TryParse(delivery.BasicProperties.MessageId, out var id))
        {
            return id;
        }

        try
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            return envelope.RootElement.TryGetProperty("messageId", out var messageId) && messageId.TryGetGuid(out id) ? id : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(BasicGetResult delivery, string name) =>
        delivery.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => value.ToString(),
            }
            : null;
}

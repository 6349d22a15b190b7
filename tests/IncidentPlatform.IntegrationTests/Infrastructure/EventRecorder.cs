using System.Collections.Concurrent;
using System.Text.Json;
using IncidentPlatform.Contracts;
using MassTransit.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Listens on the broker like a partner would: a private queue bound to an event's exchange, so a test
/// can see exactly which events a service published (and how many).
/// </summary>
public sealed class EventRecorder<TEvent> : IAsyncDisposable where TEvent : class, IIntegrationEvent
{
    private readonly ConcurrentQueue<(Guid MessageId, TEvent Message)> _received = new();
    private IConnection? _connection;
    private IChannel? _channel;

    public IReadOnlyList<(Guid MessageId, TEvent Message)> Received => [.. _received];

    public static async Task<EventRecorder<TEvent>> StartAsync(string connectionString)
    {
        var recorder = new EventRecorder<TEvent>();
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        recorder._connection = await factory.CreateConnectionAsync();
        recorder._channel = await recorder._connection.CreateChannelAsync();

        // MassTransit's exchange for a message type is "{namespace}:{type}", fanout and durable.
        var exchange = $"{typeof(TEvent).Namespace}:{typeof(TEvent).Name}";
        await recorder._channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = await recorder._channel.QueueDeclareAsync(exclusive: true, autoDelete: true);
        await recorder._channel.QueueBindAsync(queue.QueueName, exchange, "");

        var consumer = new AsyncEventingBasicConsumer(recorder._channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var messageId = Guid.Parse(envelope.RootElement.GetProperty("messageId").GetString()!);
            var message = envelope.RootElement.GetProperty("message").Deserialize<TEvent>(SystemTextJsonMessageSerializer.Options)!;
            recorder._received.Enqueue((messageId, message));
            return Task.CompletedTask;
        };
        await recorder._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return recorder;
    }

    public Task<TEvent> WaitForAsync(Func<TEvent, bool> match) =>
        Eventually.GetAsync(() => Task.FromResult(_received.Select(r => r.Message).FirstOrDefault(match)), $"a {typeof(TEvent).Name}");

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}

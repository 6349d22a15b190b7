using System.Collections.Concurrent;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace IncidentPlatform.EndToEndTests;

/// <summary>A partner's queue on the platform's broker, bound to one event's exchange; keeps each message's JSON.</summary>
internal sealed class PartnerSubscriber : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _messages = new();
    private IConnection? _connection;
    private IChannel? _channel;

    public static async Task<PartnerSubscriber> StartAsync(string connectionString, string eventType)
    {
        var subscriber = new PartnerSubscriber();
        subscriber._connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync();
        subscriber._channel = await subscriber._connection.CreateChannelAsync();
        // MassTransit publishes an event to a fanout exchange named "{namespace}:{type}".
        var exchange = $"IncidentPlatform.Contracts:{eventType}";
        await subscriber._channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = await subscriber._channel.QueueDeclareAsync(exclusive: true, autoDelete: true);
        await subscriber._channel.QueueBindAsync(queue.QueueName, exchange, "");
        var consumer = new AsyncEventingBasicConsumer(subscriber._channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            subscriber._messages.Enqueue(envelope.RootElement.GetProperty("message").Clone());
            return Task.CompletedTask;
        };
        await subscriber._channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return subscriber;
    }

    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what) =>
        Eventually.GetAsync(() => Task.FromResult(_messages.Where(match).Select(m => (JsonElement?)m).FirstOrDefault()), what);

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

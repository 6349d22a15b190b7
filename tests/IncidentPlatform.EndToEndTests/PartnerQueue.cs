using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IncidentPlatform.EndToEndTests;

/// <summary>
/// A partner's durable queue on the partner exchange, declared with the credential the platform's API gave it, and
/// read later over a new connection, as a partner system does after the broker was away.
/// </summary>
internal sealed class PartnerQueue
{
    private readonly ConnectionFactory _factory;
    private readonly string _queue;

    private PartnerQueue(ConnectionFactory factory, string queue)
    {
        _factory = factory;
        _queue = queue;
    }

    /// <param name="created">The answer to <c>POST /api/amqp-credentials</c>.</param>
    public static async Task<PartnerQueue> DeclareAsync(JsonElement created, string name, string bindingKey)
    {
        var credential = created.GetProperty("credential");
        var factory = new ConnectionFactory
        {
            HostName = credential.GetProperty("host").GetString()!,
            Port = credential.GetProperty("port").GetInt32(),
            VirtualHost = credential.GetProperty("virtualHost").GetString()!,
            UserName = credential.GetProperty("userName").GetString()!,
            Password = created.GetProperty("password").GetString()!,
        };
        var queue = credential.GetProperty("queuePrefix").GetString() + name;
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, credential.GetProperty("exchange").GetString()!, bindingKey);
        return new PartnerQueue(factory, queue);
    }

    /// <summary>Takes the queue's CloudEvents until <paramref name="complete"/> holds for all taken so far.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReadUntilAsync(Func<IReadOnlyList<JsonElement>, bool> complete)
    {
        var received = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var connection = await _factory.CreateConnectionAsync();
                await using var channel = await connection.CreateChannelAsync();
                while (await channel.BasicGetAsync(_queue, autoAck: true) is { } message)
                {
                    using var body = JsonDocument.Parse(message.Body);
                    received.Add(body.RootElement.Clone());
                }
            }
            catch (BrokerUnreachableException)
            {
                // The broker is still coming back.
            }

            return complete(received);
        }, $"the partner's queue {_queue} to hold every event", TimeSpan.FromMinutes(3));
        return received;
    }
}

using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IncidentPlatform.ServiceDefaults.Messaging;

/// <summary>
/// A plain AMQP connection of our own, beside MassTransit's, for what MassTransit does not offer: browsing
/// error queues and checking that the service's queues still have consumers. Opened on first use and
/// reopened after the broker drops it.
/// </summary>
public sealed class BrokerConnection(RabbitMqAddress address, string clientName) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true })
        {
            return _connection;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null)
                {
                    await _connection.DisposeAsync();
                    _connection = null;
                }

                var factory = new ConnectionFactory
                {
                    HostName = address.Host,
                    Port = address.Port,
                    VirtualHost = address.VirtualHost,
                    UserName = address.UserName,
                    Password = address.Password,
                    ClientProvidedName = clientName,
                    Ssl = new SslOption(address.Host, enabled: address.UseTls),
                };
                _connection = await factory.CreateConnectionAsync(cancellationToken);
            }

            return _connection;
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>The queue's message and consumer counts, or null when the queue does not exist.</summary>
    public async Task<QueueDeclareOk?> InspectQueueAsync(string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel, so each check gets its own.
        await using var channel = await (await OpenAsync(cancellationToken)).CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}

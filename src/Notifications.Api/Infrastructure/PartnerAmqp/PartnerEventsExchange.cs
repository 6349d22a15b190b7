using System.Text;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;

/// <summary>Where partners connect: the broker as they reach it, and the virtual host their users live in.</summary>
public sealed record PartnerAmqpEndpoint(string Host, int Port, bool Tls, string VirtualHost)
{
    /// <summary>The AMQP URI without the password, e.g. <c>amqps://partner-…@events.example.com:5671/partners</c>.</summary>
    public string UriFor(string userName) =>
        $"{(Tls ? "amqps" : "amqp")}://{Uri.EscapeDataString(userName)}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}

/// <summary>
/// The partner exchange on the broker: publishes every partner event there, as a structured-mode CloudEvent with
/// routing key <c>{orgId}.{type}</c>, and sets up (once, on first need) the partner virtual host and the exchange.
/// A publish waits for the broker's confirm, so a consumer that returns has handed the event over; a redelivered
/// event is published again with the same CloudEvent id (at least once, as for webhooks).
/// </summary>
public sealed class PartnerEventsExchange : IAsyncDisposable
{
    private readonly RabbitMqAddress _platform;
    private readonly RabbitMqManagementClient? _management;
    private readonly ILogger<PartnerEventsExchange> _logger;
    private readonly BrokerConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;
    private bool _ready;

    public PartnerEventsExchange(
        RabbitMqAddress platform, IOptions<PartnerAmqpOptions> options, IConfiguration configuration,
        IHttpClientFactory httpClients, ILogger<PartnerEventsExchange> logger)
    {
        var settings = options.Value;
        _platform = platform;
        _logger = logger;
        Endpoint = new PartnerAmqpEndpoint(
            settings.PublicHost ?? platform.Host, settings.PublicPort ?? platform.Port, settings.PublicTls ?? platform.UseTls, settings.VirtualHost);
        ManagementUrl = PartnerAmqpOptions.ManagementUrlFrom(configuration);
        if (ManagementUrl is not null)
        {
            var http = httpClients.CreateClient(nameof(RabbitMqManagementClient));
            http.BaseAddress = ManagementUrl;
            http.DefaultRequestHeaders.Authorization = RabbitMqManagementClient.BasicAuthentication(platform.UserName, platform.Password);
            _management = new RabbitMqManagementClient(http);
            _connection = new BrokerConnection(platform with { VirtualHost = settings.VirtualHost }, "partner-events");
        }
    }

    /// <summary>Partner access needs the management API (to create partners' users); without it there is no partner to publish to.</summary>
    public bool IsEnabled => _management is not null;

    public Uri? ManagementUrl { get; }

    public PartnerAmqpEndpoint Endpoint { get; }

    /// <summary>The management API, for the credential endpoints; throws when partner access is off.</summary>
    public RabbitMqManagementClient Management => _management ?? throw NotConfigured();

    /// <summary>The partner virtual host exists, the platform's user may use it, and the exchange is declared.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await Management.EnsureVirtualHostAsync(Endpoint.VirtualHost, _platform.UserName, cancellationToken);
                var channel = await OpenChannelAsync(cancellationToken);
                await channel.ExchangeDeclareAsync(PartnerExchange.Name, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                _ready = true;
                _logger.LogInformation("Partner events go to exchange {Exchange} on virtual host {VirtualHost}.", PartnerExchange.Name, Endpoint.VirtualHost);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Publishes the event and waits for the broker's confirm; nothing happens when partner access is off.</summary>
    public async Task PublishAsync(PartnerEvent partnerEvent, CancellationToken cancellationToken)
    {
        if (!IsEnabled)
        {
            return;
        }

        await EnsureReadyAsync(cancellationToken);
        var properties = new BasicProperties
        {
            ContentType = PartnerEvent.ContentType,
            MessageId = partnerEvent.Id.ToString(),
            Type = partnerEvent.Type,
            Timestamp = new AmqpTimestamp(partnerEvent.Time.ToUnixTimeSeconds()),
            DeliveryMode = DeliveryModes.Persistent,
        };
        var body = Encoding.UTF8.GetBytes(partnerEvent.ToJson());
        var routingKey = PartnerExchange.RoutingKeyOf(partnerEvent.OrgId, partnerEvent.Type);

        // One channel, one publish at a time: confirms are tracked per channel, and the volume is one message per event.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var channel = await OpenChannelAsync(cancellationToken);
            await channel.BasicPublishAsync(PartnerExchange.Name, routingKey, mandatory: false, properties, body, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

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

        _gate.Dispose();
    }

    // Called under the gate.
    private async Task<IChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true })
        {
            return _channel;
        }

        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        var connection = await _connection!.OpenAsync(cancellationToken);
        _channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        return _channel;
    }

    private static DependencyUnavailableException NotConfigured() => new(
        "Partner AMQP access is not configured on this deployment: it needs the broker's management API "
        + $"(services__{Contracts.ResourceNames.Messaging}__management__0 or PartnerAmqp__ManagementUrl).");
}

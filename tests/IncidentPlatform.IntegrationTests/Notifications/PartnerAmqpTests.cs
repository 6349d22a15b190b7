using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Notifications.PartnerEventSamples;
using IncidentPlatform.Notifications.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>
/// Notifications with partner AMQP access on: the broker's management API discovered as AppHost passes it, and a
/// partner virtual host of this fixture's own (removed with it).
/// </summary>
public sealed class PartnerAmqpServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb)
{
    public string PartnerVirtualHost { get; } = $"partners-{Guid.NewGuid():N}";

    public string PartnerVirtualHostConnectionString => Infrastructure.Broker.ConnectionStringFor(PartnerVirtualHost);

    protected override Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            [$"services:{ResourceNames.Messaging}:management:0"] = Infrastructure.Broker.ManagementEndpoint!.ToString(),
            ["PartnerAmqp:VirtualHost"] = PartnerVirtualHost,
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Infrastructure.Broker.DeleteVirtualHostAsync(PartnerVirtualHost, default);
    }
}

public sealed class PartnerAmqpTests(PartnerAmqpServiceFixture service) : IClassFixture<PartnerAmqpServiceFixture>
{
    private const string ReviewPublishedType = "com.incidentplatform.review.published.v1";
    private const string IncidentDeclaredType = "com.incidentplatform.incident.declared.v1";

    [Fact]
    public async Task A_partner_queue_bound_to_its_orgs_routing_key_receives_the_review_published_CloudEvent()
    {
        var org = TestCaller.NewOrg();
        var credential = await CreateCredentialAsync(service.CreateClient(org), "Status page (Acme)");
        Assert.Equal(service.PartnerVirtualHost, credential.VirtualHost);
        Assert.Equal("incidentplatform.events", credential.Exchange);
        Assert.Equal($"{org.OrgId}.", credential.RoutingKeyPrefix);
        Assert.StartsWith($"amqp://{credential.UserName}@", credential.Uri);

        await using var partner = await PartnerConnection.OpenAsync(credential);
        var received = await partner.SubscribeAsync($"{credential.QueuePrefix}reviews", $"{org.OrgId}.{ReviewPublishedType}");
        var messageId = Guid.NewGuid();
        var published = ReviewPublishedFor(org);

        await service.PublishAsync(ReviewPublishedFor(TestCaller.NewOrg()));
        await service.PublishAsync(IncidentDeclaredFor(org));
        await service.PublishAsync(published, messageId);

        var message = await received.ReadAsync(Timeout());
        Assert.Equal("application/cloudevents+json", message.BasicProperties.ContentType);
        Assert.Equal(messageId.ToString(), message.BasicProperties.MessageId);
        Assert.Equal($"{org.OrgId}.{ReviewPublishedType}", message.RoutingKey);
        using var body = JsonDocument.Parse(message.Body);
        var cloudEvent = body.RootElement;
        Assert.Equal("1.0", cloudEvent.GetProperty("specversion").GetString());
        Assert.Equal(messageId.ToString(), cloudEvent.GetProperty("id").GetString());
        Assert.Equal($"/orgs/{org.OrgId}", cloudEvent.GetProperty("source").GetString());
        Assert.Equal(ReviewPublishedType, cloudEvent.GetProperty("type").GetString());
        Assert.Equal($"reviews/{published.ReviewId}", cloudEvent.GetProperty("subject").GetString());
        Assert.Equal(published.ReviewId.ToString(), cloudEvent.GetProperty("data").GetProperty("reviewId").GetString());

        // Neither the other org's review nor the org's incident (not bound) arrived before or after it.
        await service.PublishAsync(ReviewPublishedFor(TestCaller.NewOrg()));
        var marker = Guid.NewGuid();
        await service.PublishAsync(ReviewPublishedFor(org), marker);
        Assert.Equal(marker.ToString(), (await received.ReadAsync(Timeout())).BasicProperties.MessageId);
        Assert.False(received.TryRead(out _));
    }

    [Fact]
    public async Task A_redelivered_event_is_published_once_and_every_type_can_be_bound_with_a_wildcard_of_the_org()
    {
        var org = TestCaller.NewOrg();
        var credential = await CreateCredentialAsync(service.CreateClient(org));
        await using var partner = await PartnerConnection.OpenAsync(credential);
        var received = await partner.SubscribeAsync($"{credential.QueuePrefix}all", $"{org.OrgId}.#");
        var messageId = Guid.NewGuid();

        // As the broker redelivers: the second copy after the first was handled (by the webhook and exchange consumers).
        var declared = IncidentDeclaredFor(org);
        await service.PublishAsync(declared, messageId);
        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) >= 2, "the first copy to be consumed");
        await service.PublishAsync(declared, messageId);
        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) >= 4, "the second copy to be consumed");
        var marker = Guid.NewGuid();
        await service.PublishAsync(ReviewPublishedFor(org), marker);

        var first = await received.ReadAsync(Timeout());
        Assert.Equal(messageId.ToString(), first.BasicProperties.MessageId);
        Assert.Equal($"{org.OrgId}.{IncidentDeclaredType}", first.RoutingKey);
        Assert.Equal(marker.ToString(), (await received.ReadAsync(Timeout())).BasicProperties.MessageId);
    }

    [Fact]
    public async Task The_events_of_an_org_without_partner_credentials_are_not_published_and_those_of_an_org_with_one_are()
    {
        var org = TestCaller.NewOrg();
        await CreateCredentialAsync(service.CreateClient(org));
        // The broker's whole view of the exchange: the platform's own user, bound to every routing key.
        await using var observer = await PartnerConnection.OpenAsync(new Uri(service.PartnerVirtualHostConnectionString));
        var observed = await observer.SubscribeAsync($"observer-{Guid.NewGuid():N}", "#");
        var withoutPartner = Guid.NewGuid();

        await service.PublishAsync(IncidentDeclaredFor(TestCaller.NewOrg()), withoutPartner);
        // Handled by the webhook and the exchange consumers (not left waiting), and published by neither.
        await Eventually.TrueAsync(() => service.Consumed.Count(withoutPartner) >= 2, "the event of the org without partners to be consumed");
        var marker = Guid.NewGuid();
        await service.PublishAsync(IncidentDeclaredFor(org), marker);

        Assert.Equal(marker.ToString(), (await observed.ReadAsync(Timeout())).BasicProperties.MessageId);
        Assert.False(observed.TryRead(out _));
    }

    [Fact]
    public async Task A_partner_can_bind_only_its_own_queues_to_its_own_orgs_routing_keys_and_cannot_publish()
    {
        var org = TestCaller.NewOrg();
        var credential = await CreateCredentialAsync(service.CreateClient(org));
        var other = await CreateCredentialAsync(service.CreateClient(TestCaller.NewOrg()));
        await using var partner = await PartnerConnection.OpenAsync(credential);
        var queue = $"{credential.QueuePrefix}probe";
        await partner.DeclareQueueAsync(queue);

        await AssertRefusedAsync(partner, channel => channel.QueueBindAsync(queue, credential.Exchange, $"{Guid.NewGuid()}.{ReviewPublishedType}"));
        await AssertRefusedAsync(partner, channel => channel.QueueBindAsync(queue, credential.Exchange, "#"));
        await AssertRefusedAsync(partner, channel => channel.QueueBindAsync(queue, credential.Exchange, $"*.{ReviewPublishedType}"));
        await AssertRefusedAsync(partner, channel => channel.QueueBindAsync(queue, "amq.topic", "#"));
        await AssertRefusedAsync(partner, channel => channel.QueueDeclareAsync("someone-elses-queue", durable: false, exclusive: false, autoDelete: true));
        await AssertRefusedAsync(partner, channel => channel.QueueDeclareAsync($"{other.QueuePrefix}stolen", durable: false, exclusive: false, autoDelete: true));
        await AssertRefusedAsync(partner, async channel =>
        {
            // An exchange of its own, bound to the partner exchange, is still held to the org's routing keys.
            await channel.ExchangeDeclareAsync($"{credential.QueuePrefix}fanout", ExchangeType.Fanout, durable: false, autoDelete: true);
            await channel.ExchangeBindAsync($"{credential.QueuePrefix}fanout", credential.Exchange, "#");
        });
        await AssertRefusedAsync(partner, async channel =>
            await channel.BasicPublishAsync(credential.Exchange, $"{org.OrgId}.{ReviewPublishedType}", Encoding.UTF8.GetBytes("{}")));

        // Its own binding still works after all the refusals.
        await partner.SubscribeAsync(queue, $"{org.OrgId}.{ReviewPublishedType}");
    }

    [Fact]
    public async Task The_password_is_shown_once_and_a_replaced_or_deleted_credential_no_longer_logs_in()
    {
        var org = TestCaller.NewOrg();
        var client = service.CreateClient(org);
        var credential = await CreateCredentialAsync(client);

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/amqp-credentials/{credential.Id}");
        Assert.False(read.TryGetProperty("password", out _));
        Assert.Equal(credential.UserName, read.GetProperty("userName").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/amqp-credentials");
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(credential.Password, listed.ToString());

        var replaced = await client.PostAsync($"/api/amqp-credentials/{credential.Id}/password", null);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var newPassword = (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password").GetString()!;
        Assert.NotEqual(credential.Password, newPassword);
        await Assert.ThrowsAsync<BrokerUnreachableException>(() => PartnerConnection.OpenAsync(credential));
        await using (await PartnerConnection.OpenAsync(credential with { Password = newPassword }))
        {
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/amqp-credentials/{credential.Id}")).StatusCode);
        await Assert.ThrowsAsync<BrokerUnreachableException>(() => PartnerConnection.OpenAsync(credential with { Password = newPassword }));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/amqp-credentials/{credential.Id}")).StatusCode);
    }

    [Fact]
    public async Task Another_org_can_neither_see_nor_change_nor_delete_a_credential()
    {
        var owner = service.CreateClient(TestCaller.NewOrg());
        var credential = await CreateCredentialAsync(owner);
        var stranger = service.CreateClient(TestCaller.NewOrg());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/amqp-credentials/{credential.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/amqp-credentials/{credential.Id}/password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/amqp-credentials/{credential.Id}")).StatusCode);
        var list = await stranger.GetFromJsonAsync<JsonElement>("/api/amqp-credentials");
        Assert.Empty(list.GetProperty("items").EnumerateArray());

        // The owner's login still works: nothing the stranger did reached the broker.
        await using (await PartnerConnection.OpenAsync(credential))
        {
        }
    }

    [Fact]
    public async Task A_long_description_is_a_field_error_and_an_org_holds_at_most_twenty_credentials()
    {
        var client = service.CreateClient(TestCaller.NewOrg());
        var tooLong = await client.PostAsJsonAsync("/api/amqp-credentials", new { description = new string('x', 201) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var problem = await tooLong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _), problem.ToString());

        for (var i = 0; i < 20; i++)
        {
            await CreateCredentialAsync(client);
        }

        var oneTooMany = await client.PostAsJsonAsync("/api/amqp-credentials", new { description = "21st" });
        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.StatusCode);
        Assert.Contains("20", (await oneTooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    private async Task<PartnerCredential> CreateCredentialAsync(HttpClient client, string? description = null)
    {
        var response = await client.PostAsJsonAsync("/api/amqp-credentials", new { description });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var credential = body.GetProperty("credential");
        return new PartnerCredential(
            Guid.Parse(credential.GetProperty("id").GetString()!),
            credential.GetProperty("userName").GetString()!,
            body.GetProperty("password").GetString()!,
            credential.GetProperty("host").GetString()!,
            credential.GetProperty("port").GetInt32(),
            credential.GetProperty("virtualHost").GetString()!,
            credential.GetProperty("uri").GetString()!,
            credential.GetProperty("exchange").GetString()!,
            credential.GetProperty("routingKeyPrefix").GetString()!,
            credential.GetProperty("queuePrefix").GetString()!);
    }

    private static async Task AssertRefusedAsync(PartnerConnection partner, Func<IChannel, Task> attempt)
    {
        // With confirms tracked, a refused publish fails its await instead of closing the channel unseen.
        await using var channel = await partner.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => attempt(channel));
        var reason = (refused as OperationInterruptedException)?.ShutdownReason ?? channel.CloseReason;
        Assert.True(reason?.ReplyCode == 403, $"expected ACCESS_REFUSED, got {refused.GetType().Name}: {refused.Message}");
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}

/// <summary>What the API gave a partner: where to connect, as whom, and what it may bind.</summary>
public sealed record PartnerCredential(
    Guid Id, string UserName, string Password, string Host, int Port, string VirtualHost, string Uri, string Exchange, string RoutingKeyPrefix, string QueuePrefix);

/// <summary>A partner system's own AMQP connection, with the plain RabbitMQ client a partner would use.</summary>
public sealed class PartnerConnection : IAsyncDisposable
{
    private PartnerConnection(IConnection connection) => Connection = connection;

    public IConnection Connection { get; }

    /// <summary>A connection with the platform's own credentials (an AMQP URI naming the partner virtual host).</summary>
    public static async Task<PartnerConnection> OpenAsync(Uri uri) =>
        new(await new ConnectionFactory { Uri = uri, ClientProvidedName = "partner-exchange-observer" }.CreateConnectionAsync());

    public static async Task<PartnerConnection> OpenAsync(PartnerCredential credential)
    {
        var factory = new ConnectionFactory
        {
            HostName = credential.Host,
            Port = credential.Port,
            VirtualHost = credential.VirtualHost,
            UserName = credential.UserName,
            Password = credential.Password,
            ClientProvidedName = "partner-test",
        };
        return new PartnerConnection(await factory.CreateConnectionAsync());
    }

    public async Task DeclareQueueAsync(string queue)
    {
        await using var channel = await Connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
    }

    /// <summary>Declares the queue, binds it and consumes it; every message arrives on the returned channel.</summary>
    public async Task<ChannelReader<BasicDeliverEventArgs>> SubscribeAsync(string queue, string bindingKey)
    {
        var channel = await Connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: true);
        await channel.QueueBindAsync(queue, "incidentplatform.events", bindingKey);
        var received = System.Threading.Channels.Channel.CreateUnbounded<BasicDeliverEventArgs>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            // The body's memory belongs to the client only during the handler.
            received.Writer.TryWrite(new BasicDeliverEventArgs(
                delivery.ConsumerTag, delivery.DeliveryTag, delivery.Redelivered, delivery.Exchange, delivery.RoutingKey,
                delivery.BasicProperties, delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return received.Reader;
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

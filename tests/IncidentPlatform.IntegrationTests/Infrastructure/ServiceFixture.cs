using IncidentPlatform.AppHost.Identity;
using System.Net.Http.Headers;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// One service under test, on its own fresh database and RabbitMQ virtual host, over real HTTP.
/// Tests act as users of random organizations, so nothing one test writes is visible to another.
/// </summary>
public abstract class ServiceFixture<TDbContext> : IAsyncLifetime where TDbContext : ServiceDbContext
{
    private readonly TestInfrastructure _infrastructure;
    private readonly string _connectionName;
    private readonly string _databaseName = $"test_{Guid.NewGuid():N}";
    private readonly string _virtualHost = $"test-{Guid.NewGuid():N}";
    private ServiceFactory<TDbContext>? _factory;

    protected ServiceFixture(TestInfrastructure infrastructure, string connectionName)
    {
        _infrastructure = infrastructure;
        _connectionName = connectionName;
    }

    public ConsumedMessages Consumed { get; } = new();

    /// <summary>The run's PostgreSQL, broker and issuer, for fixtures that configure more of them.</summary>
    protected TestInfrastructure Infrastructure => _infrastructure;

    public IServiceProvider Services => _factory?.Services ?? throw new InvalidOperationException("The service has not started.");

    public string MessagingConnectionString => _infrastructure.Broker.ConnectionStringFor(_virtualHost);

    public virtual async ValueTask InitializeAsync()
    {
        await _infrastructure.Postgres.EnsureDatabaseAsync(_databaseName, default);
        await _infrastructure.Broker.CreateVirtualHostAsync(_virtualHost, default);

        var settings = Settings(_infrastructure, _connectionName, _databaseName, _virtualHost);
        foreach (var (key, value) in await ExtraSettingsAsync())
        {
            settings[key] = value;
        }

        _factory = new ServiceFactory<TDbContext>(settings, ConfigureServices);
        _factory.UseKestrel(0);
        _factory.StartServer();
        Services.GetRequiredService<IBus>().ConnectConsumeObserver(Consumed);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _infrastructure.Postgres.DropDatabaseAsync(_databaseName, default);
        await _infrastructure.Broker.DeleteVirtualHostAsync(_virtualHost, default);
    }

    /// <summary>A client acting as <paramref name="caller"/> (a fresh user of a fresh org when omitted).</summary>
    public HttpClient CreateClient(TestCaller? caller = null)
    {
        var client = _factory!.CreateClient();
        caller ??= TestCaller.NewOrg();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", _infrastructure.Identity.MintToken(caller.OrgId, caller.UserId, caller.Name));
        return client;
    }

    public HttpClient CreateAnonymousClient() => _factory!.CreateClient();

    /// <summary>A client acting as an operator of the deployment (the operator role in the operators' tenant).</summary>
    public HttpClient CreateOperatorClient()
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _infrastructure.Identity.MintOperatorToken());
        return client;
    }

    /// <summary>A client with the operator role claimed in an ordinary organization's tenant, which must not count.</summary>
    public HttpClient CreateClientWithOperatorRoleOf(TestCaller caller)
    {
        var client = _factory!.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", _infrastructure.Identity.MintToken(caller.OrgId, caller.UserId, caller.Name, roles: [DevIssuer.OperatorRole]));
        return client;
    }

    public string MintToken(TestCaller caller, IEnumerable<string>? scopes = null, TimeSpan? lifetime = null) =>
        _infrastructure.Identity.MintToken(caller.OrgId, caller.UserId, caller.Name, scopes, lifetime: lifetime);

    /// <summary>Publishes an event into this service's broker, as another service would.</summary>
    public async Task PublishAsync<TEvent>(TEvent message, Guid? messageId = null) where TEvent : class, IIntegrationEvent
    {
        var id = messageId ?? Guid.NewGuid();
        await Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = id);
    }

    /// <summary>
    /// The messages MassTransit moved to the <c>_skipped</c> queues of this service's endpoints, as for a message no
    /// consumer took: a message the service handled must never be among them.
    /// </summary>
    public async Task<uint> SkippedMessagesAsync()
    {
        var endpoints = Services.GetRequiredService<ReceiveEndpointCatalog>().Queues;
        await using var connection = await new ConnectionFactory { Uri = new Uri(MessagingConnectionString) }.CreateConnectionAsync();
        uint skipped = 0;
        foreach (var endpoint in endpoints)
        {
            // A passive declare of a queue that does not exist closes the channel: one channel per queue.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                skipped += (await channel.QueueDeclarePassiveAsync($"{endpoint}_skipped")).MessageCount;
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                // MassTransit declares it when it first moves a message there: none ever was.
            }
        }

        return skipped;
    }

    /// <summary>Runs <paramref name="work"/> on the service's database, scoped to <paramref name="orgId"/>.</summary>
    public async Task<T> QueryAsync<T>(Guid orgId, Func<TDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<OrgContext>().Set(orgId);
        return await work(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    /// <summary>A service's configuration as AppHost gives it, on the run's PostgreSQL database and broker virtual host named.</summary>
    public static Dictionary<string, string> Settings(TestInfrastructure infrastructure, string connectionName, string databaseName, string virtualHost) =>
        new(infrastructure.Identity.ServiceConfiguration)
        {
            // A key ring for the secrets services store encrypted (AppHost generates one into its state folder).
            ["Secrets:ActiveKeyId"] = "test",
            ["Secrets:Keys:test"] = TestKeyRing,
            [$"ConnectionStrings:{connectionName}"] = infrastructure.Postgres.ConnectionStringFor(databaseName),
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = infrastructure.Broker.ConnectionStringFor(virtualHost),
            // Retries as in production, but quick: a message that keeps failing reaches the error queue in well under a second.
            ["Messaging:RetryIntervals:0"] = "00:00:00.05",
            ["Messaging:RetryIntervals:1"] = "00:00:00.1",
            ["Messaging:RetryIntervals:2"] = "00:00:00.2",
        };

    private static readonly string TestKeyRing = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Settings a fixture adds to the service's configuration (e.g. the address of a receiver it started first).</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    /// <summary>Lets a fixture add test-only services, such as a fault-injecting interceptor.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}

/// <summary>Who a test acts as: a user of an organization.</summary>
public sealed record TestCaller(Guid OrgId, string UserId, string Name)
{
    public static TestCaller NewOrg() => new(Guid.NewGuid(), Guid.NewGuid().ToString(), "Test User");

    public TestCaller OtherUserOfSameOrg() => this with { UserId = Guid.NewGuid().ToString(), Name = "Other User" };

    public PersonRef Person => new(UserId, Name);
}

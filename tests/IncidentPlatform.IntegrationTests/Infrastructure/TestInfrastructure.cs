using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.AppHost.Identity;
using IncidentPlatform.Contracts;

[assembly: AssemblyFixture(typeof(IncidentPlatform.IntegrationTests.Infrastructure.TestInfrastructure))]

namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Started once per test run: a private PostgreSQL and RabbitMQ node from the installed binaries (the same
/// resource code AppHost runs), and the dev issuer. Each test class then gets its own database and its
/// own RabbitMQ virtual host, so classes run in parallel without seeing each other's rows or messages.
/// Set <c>ConnectionStrings__postgres</c> to use an existing PostgreSQL server instead.
/// </summary>
public sealed class TestInfrastructure : IAsyncLifetime
{
    private readonly PlatformOptions _options = new()
    {
        Ephemeral = true,
        StateDirectory = Path.Combine(Path.GetTempPath(), $"incident-platform-it-{Guid.NewGuid():N}"),
        EchoResourceLogs = Environment.GetEnvironmentVariable("PLATFORM_TEST_ECHO_LOGS") == "1",
    };

    public PostgresServerResource Postgres { get; } = new(ResourceNames.Postgres, Environment.GetEnvironmentVariable("ConnectionStrings__postgres"));

    public RabbitMqResource Broker { get; } = new(ResourceNames.Messaging, null);

    public DevIssuer Identity { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_options.StateDirectory);
        var context = new PlatformContext(_options, new ConsoleLog(_options.EchoResourceLogs));
        var identity = DevIssuer.StartAsync(0, stateDirectory: null);
        await Task.WhenAll(Postgres.StartAsync(context, default), Broker.StartAsync(context, default), identity);
        Identity = await identity;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Postgres.StopAsync(), Broker.StopAsync());
        if (Identity is not null)
        {
            await Identity.DisposeAsync();
        }

        if (Directory.Exists(_options.StateDirectory))
        {
            Directory.Delete(_options.StateDirectory, recursive: true);
        }
    }
}

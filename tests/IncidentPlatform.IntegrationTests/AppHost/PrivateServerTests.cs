using System.Net;
using System.Net.Sockets;
using IncidentPlatform.AppHost.Hosting;
using Npgsql;

namespace IncidentPlatform.IntegrationTests.AppHost;

/// <summary>What AppHost promises about the private servers it runs: data survives a restart, nothing is left behind.</summary>
public sealed class PrivateServerTests : IDisposable
{
    private readonly PlatformOptions _options = new() { StateDirectory = Path.Combine(Path.GetTempPath(), $"incident-platform-restart-{Guid.NewGuid():N}") };

    [Fact]
    public async Task A_restarted_private_PostgreSQL_keeps_its_data_and_a_stopped_one_frees_its_port()
    {
        var context = new PlatformContext(_options, new ConsoleLog(false));
        var first = new PostgresServerResource("postgres", null);
        await first.StartAsync(context, default);
        await first.EnsureDatabaseAsync("kept", default);
        await ExecuteAsync(first.ConnectionStringFor("kept"), "CREATE TABLE notes (text text); INSERT INTO notes VALUES ('survives restarts')");
        var firstPort = new NpgsqlConnectionStringBuilder(first.ConnectionString).Port;

        await first.StopAsync();
        var second = new PostgresServerResource("postgres", null);
        await second.StartAsync(context, default);
        var text = await ScalarAsync(second.ConnectionStringFor("kept"), "SELECT text FROM notes");
        await second.StopAsync();

        Assert.Equal("survives restarts", text);
        Assert.True(PortIsFree(firstPort));
        Assert.True(PortIsFree(new NpgsqlConnectionStringBuilder(second.ConnectionString).Port));
        Assert.False(File.Exists(Path.Combine(_options.StateDirectory, "postgres", "data", "postmaster.pid")));
    }

    [Fact]
    public async Task A_private_RabbitMQ_node_boots_from_a_home_holding_only_the_applications_it_runs()
    {
        var context = new PlatformContext(_options, new ConsoleLog(false));
        var broker = new RabbitMqResource("messaging", null);
        await broker.StartAsync(context, default); // returns once the node accepts AMQP and its management API answers
        await broker.StopAsync();

        var applications = Directory.GetFileSystemEntries(Path.Combine(_options.StateDirectory, "messaging", "server", "plugins"))
            .Select(path => Path.GetFileName(path)[..Path.GetFileName(path).LastIndexOf('-')])
            .ToList();
        Assert.Contains("rabbit", applications);
        Assert.Contains("rabbitmq_management", applications);
        Assert.Contains("cowboy", applications);
        Assert.DoesNotContain("rabbitmq_mqtt", applications);
        Assert.DoesNotContain("rabbitmq_shovel", applications);
    }

    public void Dispose()
    {
        if (Directory.Exists(_options.StateDirectory))
        {
            Directory.Delete(_options.StateDirectory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

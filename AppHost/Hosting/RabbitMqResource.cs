using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// RabbitMQ for the platform: a private node from the installed binaries (own node name, ports, data and
/// epmd, with the management API for operators and tests), or an existing broker when
/// <c>ConnectionStrings__messaging</c> is configured.
/// </summary>
public sealed class RabbitMqResource(string name, string? externalConnectionString) : PlatformResource(name), IResourceWithConnectionString
{
    private const string UserName = "platform";
    private static readonly string[] EnabledPlugins = ["rabbitmq_management"];
    private ChildProcess? _epmd;
    private ChildProcess? _node;
    private PlatformContext? _context;
    private string? _password;
    private int _amqpPort;
    private int _managementPort;
    private int _distributionPort;
    private int _epmdPort;

    public string ConnectionString => externalConnectionString ?? ConnectionStringFor("/");

    /// <summary>The management API of the private node (null for an existing broker).</summary>
    public Uri? ManagementEndpoint => _node is null && _managementPort == 0 ? null : new Uri($"http://127.0.0.1:{_managementPort}/");

    public bool IsExternal => externalConnectionString is not null;

    /// <summary>The management API as Aspire names a RabbitMQ endpoint (<c>services__messaging__management__0</c>): partner AMQP access uses it.</summary>
    public IEnumerable<KeyValuePair<string, string>> EndpointsForReferences() => ManagementEndpoint is { } management
        ? [new($"services__{Name}__management__0", management.ToString().TrimEnd('/'))]
        : [];

    public string ConnectionStringFor(string virtualHost) =>
        $"amqp://{UserName}:{_password}@127.0.0.1:{_amqpPort}/{Uri.EscapeDataString(virtualHost)}";

    public override async Task StartAsync(PlatformContext context, CancellationToken cancellationToken)
    {
        _context = context;
        if (IsExternal)
        {
            await WaitUntilAcceptingAsync(null, cancellationToken);
            return;
        }

        _amqpPort = Ports.GetFree();
        _managementPort = Ports.GetFree();
        _distributionPort = Ports.GetFree();
        _epmdPort = Ports.GetFree();
        await StartNodeAsync(cancellationToken);
    }

    /// <summary>Stops the node but keeps its ports and data, so <see cref="RestartAsync"/> brings back the same broker.</summary>
    public async Task StopNodeAsync()
    {
        if (_node is not null)
        {
            await _node.StopAsync(ChildProcess.SigTerm, TimeSpan.FromSeconds(30));
            _node = null;
        }

        if (_epmd is not null)
        {
            await _epmd.StopAsync(ChildProcess.SigTerm, TimeSpan.FromSeconds(5));
            _epmd = null;
        }
    }

    public Task RestartAsync(CancellationToken cancellationToken) => StartNodeAsync(cancellationToken);

    public override Task StopAsync() => StopNodeAsync();

    /// <summary>Creates a virtual host (an isolated broker namespace, e.g. one per test class) on the private node.</summary>
    public async Task CreateVirtualHostAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var client = ManagementClient();
        var escaped = Uri.EscapeDataString(virtualHost);
        (await client.PutAsync($"api/vhosts/{escaped}", null, cancellationToken)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await client.PutAsync($"api/permissions/{escaped}/{UserName}", permissions, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var client = ManagementClient();
        await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", cancellationToken);
    }

    /// <summary>Each queue with its waiting messages and consumers, one per line (for diagnostics).</summary>
    public async Task<string> DescribeQueuesAsync(CancellationToken cancellationToken)
    {
        using var client = ManagementClient();
        var queues = await client.GetFromJsonAsync<JsonElement>("api/queues?columns=name,messages,consumers", cancellationToken);
        return string.Join(Environment.NewLine, queues.EnumerateArray().Select(queue => string.Create(CultureInfo.InvariantCulture,
            $"{queue.GetProperty("name").GetString()}: {(queue.TryGetProperty("messages", out var messages) ? messages.GetInt64() : 0)} messages, {queue.GetProperty("consumers").GetInt64()} consumers")));
    }

    public override string Describe() => IsExternal
        ? "existing broker"
        : $"amqp://127.0.0.1:{_amqpPort} (private node; management {ManagementEndpoint}, user {UserName})";

    private async Task StartNodeAsync(CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("Start the resource first.");
        var home = context.StateDirectoryFor(Name);
        var pidFile = Path.Combine(home, "apphost.pid");
        var epmdPidFile = Path.Combine(home, "apphost-epmd.pid");
        await ChildProcess.StopLeftoverAsync(pidFile, ChildProcess.SigTerm, context.Log, Name);
        await ChildProcess.StopLeftoverAsync(epmdPidFile, ChildProcess.SigTerm, context.Log, $"{Name} epmd");

        var installedServer = LocalBinaries.RabbitMqServer();
        var server = RabbitMqServerHome.Prepare(installedServer, Path.Combine(home, "server"), EnabledPlugins) ?? installedServer;
        _password ??= await StateSecrets.ReadOrCreateAsync(Path.Combine(home, "password"));
        var configFile = Path.Combine(home, "rabbitmq.conf");
        await File.WriteAllTextAsync(configFile, string.Create(CultureInfo.InvariantCulture, $"""
            listeners.tcp.default = 127.0.0.1:{_amqpPort}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {_managementPort}
            default_user = {UserName}
            default_pass = {_password}
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            log.console = true
            log.console.level = error
            log.file = false
            """), cancellationToken);
        var pluginsFile = Path.Combine(home, "enabled_plugins");
        await File.WriteAllTextAsync(pluginsFile, $"[{string.Join(',', EnabledPlugins)}].", cancellationToken);

        // A node name per state directory: data (kept under it) survives restarts, and two platforms never clash.
        var nodeName = $"incident-platform-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(home)))[..10].ToLowerInvariant()}@localhost";
        var epmdPort = _epmdPort.ToString(CultureInfo.InvariantCulture);
        Dictionary<string, string> environment = new()
        {
            ["HOME"] = home,
            ["ERL_EPMD_PORT"] = epmdPort,
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = _amqpPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = _distributionPort.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_PID_FILE"] = Path.Combine(home, "rabbitmq.pid"),
            ["RABBITMQ_LOGS"] = "-",
        };

        // Our own epmd on a private port, stopped with the node (a daemonised one would outlive us).
        _epmd = ChildProcess.Start($"{Name}-epmd", LocalBinaries.Epmd(), ["-port", epmdPort], environment, home, context.Log, epmdPidFile);
        _node = ChildProcess.Start(Name, server, [], environment, home, context.Log, pidFile);
        await WaitUntilAcceptingAsync(_node, cancellationToken);
    }

    private async Task WaitUntilAcceptingAsync(ChildProcess? node, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), ClientProvidedName = "apphost-health" };
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (node is { HasExited: true })
            {
                throw new PlatformStartException($"RabbitMQ exited while starting. Its last lines:{Environment.NewLine}{node.RecentOutput}");
            }

            try
            {
                await using var connection = await factory.CreateConnectionAsync(cancellationToken);
                if (node is not null)
                {
                    using var client = ManagementClient();
                    (await client.GetAsync("api/overview", cancellationToken)).EnsureSuccessStatusCode();
                }

                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && elapsed.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                throw new PlatformStartException(
                    $"RabbitMQ does not accept AMQP connections ({exception.Message}). " +
                    (IsExternal ? "Check ConnectionStrings__messaging." : "See the [messaging] lines above."), exception);
            }
        }
    }

    private HttpClient ManagementClient()
    {
        var client = new HttpClient { BaseAddress = ManagementEndpoint ?? throw new InvalidOperationException("An existing broker has no managed node here.") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{_password}")));
        return client;
    }

}

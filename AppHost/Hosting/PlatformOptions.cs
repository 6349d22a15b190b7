namespace IncidentPlatform.AppHost.Hosting;

/// <summary>How a run is set up, from the command line (<c>--fresh</c>, <c>--state-dir</c>, <c>--gateway-port</c>, <c>--services-dir</c>, <c>--no-seed</c>, <c>--log-file</c>).</summary>
public sealed class PlatformOptions
{
    public const int DefaultGatewayPort = 5080;
    public const int DefaultIdentityPort = 5443;

    /// <summary>Where private databases, broker data and dev keys live between runs.</summary>
    public string StateDirectory { get; set; } = DefaultStateDirectory();

    /// <summary>Wipe the state directory before starting.</summary>
    public bool Fresh { get; set; }

    /// <summary>Throw-away state (tests): faster, less durable database settings, and deleted on stop.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Fixed port of the gateway; null picks a free one (tests).</summary>
    public int? GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Fixed port of the dev issuer, so tokens stay valid across restarts; null picks a free one.</summary>
    public int? IdentityPort { get; set; } = DefaultIdentityPort;

    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// Where published services are (<c>{dir}/{assembly}/{assembly}.dll</c>, as <c>scripts/publish-services.sh</c> lays
    /// them out, ReadyToRun-compiled); null runs each service from its build output.
    /// </summary>
    public string? ServicesDirectory { get; set; }

    /// <summary>Echo every resource's log lines to the console (off in tests; failures still include them).</summary>
    public bool EchoResourceLogs { get; set; } = true;

    /// <summary>A file that gets every line, AppHost's and the resources', whether or not the console shows them.</summary>
    public string? LogFile { get; set; }

    public static PlatformOptions Parse(string[] args)
    {
        var options = new PlatformOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--fresh":
                    options.Fresh = true;
                    break;
                case "--no-seed":
                    options.SeedDemoData = false;
                    break;
                case "--quiet":
                    options.EchoResourceLogs = false;
                    break;
                case "--state-dir" when i + 1 < args.Length:
                    options.StateDirectory = Path.GetFullPath(args[++i]);
                    break;
                case "--gateway-port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var gatewayPort):
                    options.GatewayPort = gatewayPort;
                    i++;
                    break;
                case "--identity-port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var identityPort):
                    options.IdentityPort = identityPort;
                    i++;
                    break;
                case "--services-dir" when i + 1 < args.Length:
                    options.ServicesDirectory = Path.GetFullPath(args[++i]);
                    break;
                case "--log-file" when i + 1 < args.Length:
                    options.LogFile = Path.GetFullPath(args[++i]);
                    break;
                case "--testing":
                    break;
                default:
                    throw new PlatformStartException(
                        $"Unknown option '{args[i]}'. Options: --fresh, --no-seed, --quiet, --state-dir <dir>, --gateway-port <port>, --identity-port <port>, --services-dir <dir>, --log-file <file>.");
            }
        }

        return options;
    }

    private static string DefaultStateDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("PLATFORM_STATE_DIR");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        // As root, PostgreSQL runs as the postgres user, which cannot enter /root: keep state under /var/lib.
        return Environment.IsPrivilegedProcess
            ? "/var/lib/incident-platform"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "incident-platform");
    }
}

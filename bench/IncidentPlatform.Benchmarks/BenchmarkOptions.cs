using System.Globalization;

namespace IncidentPlatform.Benchmarks;

/// <summary>The parts of the benchmark: the platform (start, memory, resolve → review) and the Incidents API under load.</summary>
public enum BenchmarkSuite
{
    All,
    Platform,
    Incidents,
    Reviews,
    Knowledge,
    Actions,
    Webhooks,
    Gateway,
}

/// <summary>What to measure and how often, from the command line.</summary>
public sealed class BenchmarkOptions
{
    public const string Usage = """
        Usage: bench/run.sh [--suite all|platform|incidents|reviews|knowledge|actions|webhooks|gateway] [--rate N] [--load-seconds N] [--incidents N] [--warm-up N] [--cold-starts N] [--idle-seconds N] [--apphost <dll>] [--services-dir <dir>] [--output <file>]
          --suite S          platform: cold start, idle memory, resolve → review; incidents: the Incidents API at 200 req/s
                             through the gateway and direct, org metrics and search over 100,000 incidents, a 10,000-line
                             timeline import; reviews: the blame check of a 5,000-word review and rendering a
                             200-entry report, in process (written to bench/results/reviews.md); knowledge: search over
                             100,000 published reviews on the running platform (bench/results/knowledge.md); actions:
                             the follow-up watcher over 1,000,000 action items and org metrics over 100,000
                             (bench/results/actions.md); webhooks: review published → 10 partner endpoints at
                             100 events/s, a burst's signed deliveries per second, and a 60 s receiver outage
                             (bench/results/webhooks.md); gateway: POST /api/incidents at --rate through the
                             gateway, through a bare YARP proxy to the same service and direct, in turns
                             (bench/results/gateway.md); all
                             (default): platform and incidents
          --rate N           requests per second of the Incidents API load (default 200)
          --load-seconds N   measured seconds per Incidents API load case (default 15)
          --event-rate N     review-published events per second of the webhooks suite (default 100)
          --event-seconds N  seconds of that load (default 30)
          --outage-seconds N how long the webhooks suite's receiver is down (default 60; 0 skips the case)
          --incidents N      incidents resolved one at a time for resolve → review latency (default 200)
          --warm-up N        incidents resolved first and not counted (default 10)
          --cold-starts N    AppHost starts per case: empty state and restart on existing state (default 3)
          --idle-seconds N   idle time after start-up before memory is read (default 10)
          --apphost <dll>    the built AppHost (default AppHost/bin/Release/net10.0/IncidentPlatform.AppHost.dll)
          --services-dir <dir> the published services AppHost runs (bench/run.sh publishes them, ReadyToRun, to
                             artifacts/services, as scripts/run-platform.sh does); without it, the build outputs
          --output <file>    where the results table is written (default bench/results/latest.md)
        """;

    public BenchmarkSuite Suite { get; private set; } = BenchmarkSuite.All;

    public int Incidents { get; private set; } = 200;

    /// <summary>Requests per second of the Incidents API load.</summary>
    public int Rate { get; private set; } = 200;

    public TimeSpan LoadDuration { get; private set; } = TimeSpan.FromSeconds(15);

    public int WarmUpIncidents { get; private set; } = 10;

    public int EventRate { get; private set; } = 100;

    public int EventSeconds { get; private set; } = 30;

    public int OutageSeconds { get; private set; } = 60;

    public int ColdStarts { get; private set; } = 3;

    public TimeSpan IdleTime { get; private set; } = TimeSpan.FromSeconds(10);

    public string AppHostPath { get; private set; } = Path.Combine(RepositoryRoot, "AppHost", "bin", "Release", "net10.0", "IncidentPlatform.AppHost.dll");

    /// <summary>AppHost's <c>--services-dir</c>: published services instead of the build outputs.</summary>
    public string? ServicesDirectory { get; private set; }

    public string OutputPath { get; private set; } = Path.Combine(RepositoryRoot, "bench", "results", "latest.md");

    /// <summary>The checkout the benchmark was built in (it lives in bench/IncidentPlatform.Benchmarks/bin/…).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static bool TryParse(string[] args, out BenchmarkOptions options, out string problem)
    {
        options = new BenchmarkOptions();
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "-h" or "--help":
                    problem = Usage;
                    return false;
                case "--suite" when Enum.TryParse<BenchmarkSuite>(value, ignoreCase: true, out var suite) && !int.TryParse(value, out _):
                    options.Suite = suite;
                    i++;
                    break;
                case "--rate" when Count(value, minimum: 1) is { } rate:
                    options.Rate = rate;
                    i++;
                    break;
                case "--load-seconds" when Count(value, minimum: 1) is { } loadSeconds:
                    options.LoadDuration = TimeSpan.FromSeconds(loadSeconds);
                    i++;
                    break;
                case "--event-rate" when Count(value, minimum: 1) is { } eventRate:
                    options.EventRate = eventRate;
                    i++;
                    break;
                case "--event-seconds" when Count(value, minimum: 1) is { } eventSeconds:
                    options.EventSeconds = eventSeconds;
                    i++;
                    break;
                case "--outage-seconds" when Count(value, minimum: 0) is { } outageSeconds:
                    options.OutageSeconds = outageSeconds;
                    i++;
                    break;
                case "--incidents" when Count(value, minimum: 1) is { } incidents:
                    options.Incidents = incidents;
                    i++;
                    break;
                case "--warm-up" when Count(value, minimum: 0) is { } warmUp:
                    options.WarmUpIncidents = warmUp;
                    i++;
                    break;
                case "--cold-starts" when Count(value, minimum: 0) is { } coldStarts:
                    options.ColdStarts = coldStarts;
                    i++;
                    break;
                case "--idle-seconds" when Count(value, minimum: 0) is { } seconds:
                    options.IdleTime = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                case "--apphost" when value is not null:
                    options.AppHostPath = Path.GetFullPath(value);
                    i++;
                    break;
                case "--services-dir" when value is not null:
                    options.ServicesDirectory = Path.GetFullPath(value);
                    i++;
                    break;
                case "--output" when value is not null:
                    options.OutputPath = Path.GetFullPath(value);
                    i++;
                    break;
                default:
                    problem = $"Unknown option or missing value: '{args[i]}'.{Environment.NewLine}{Usage}";
                    return false;
            }
        }

        if (!File.Exists(options.AppHostPath))
        {
            problem = $"AppHost is not built ({options.AppHostPath} is missing): run bench/run.sh, which builds Release first.";
            return false;
        }

        if (options.ServicesDirectory is { } services && !Directory.Exists(services))
        {
            problem = $"No published services in {services}: run bash scripts/publish-services.sh {services} (bench/run.sh does).";
            return false;
        }

        return true;
    }

    private static int? Count(string? text, int minimum) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= minimum ? count : null;

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IncidentPlatform.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

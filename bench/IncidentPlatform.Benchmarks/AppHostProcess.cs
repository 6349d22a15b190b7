using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>When a started AppHost reached each milestone, counted from its launch.</summary>
public sealed record StartTimings(TimeSpan GatewayHealthy, TimeSpan DevTokenPrinted);

/// <summary>How a SIGTERM went: how long AppHost took to exit, and which of its processes outlived it (killed, then reported).</summary>
public sealed record StopOutcome(TimeSpan Duration, int? ExitCode, IReadOnlyList<string> LeftBehind);

/// <summary>
/// AppHost run as its own OS process, exactly as a developer starts it, on free ports and a given state
/// directory. Timed from the launch: to the gateway's first 200 on /health, and to the "Dev token:" line
/// (start-up done, demo data seeded). Stopped with SIGTERM, then checked for anything it left running.
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private const string DevTokenLinePrefix = "Dev token:";
    private const int RecentLineCount = 30;
    private static readonly TimeSpan StartBound = TimeSpan.FromMinutes(3);
    // AppHost gives each service 20 s and the broker 30 s to stop; past this it is stuck.
    private static readonly TimeSpan StopBound = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly Process _process;
    private readonly Stopwatch _sinceLaunch;
    private readonly TaskCompletionSource<TimeSpan> _devTokenPrinted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _recentOutput = new();
    private readonly List<ProcessEntry> _descendants = [];
    private readonly ConcurrentDictionary<string, string> _endpoints = new(StringComparer.Ordinal);
    private StopOutcome? _stopped;

    private AppHostProcess(Process process, Stopwatch sinceLaunch, string stateDirectory, int gatewayPort, int identityPort)
    {
        _process = process;
        _sinceLaunch = sinceLaunch;
        StateDirectory = stateDirectory;
        Gateway = new Uri($"http://127.0.0.1:{gatewayPort.ToString(CultureInfo.InvariantCulture)}/");
        Identity = new Uri($"https://localhost:{identityPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Id => _process.Id;

    public string StateDirectory { get; }

    public Uri Gateway { get; }

    /// <summary>The dev issuer (POST /dev/tokens mints tokens).</summary>
    public Uri Identity { get; }

    /// <summary>A service's own address, as AppHost's resource table lists it (to measure without the gateway).</summary>
    public Uri ServiceEndpoint(string resourceName) =>
        _endpoints.TryGetValue(resourceName, out var endpoint) && Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var uri)
            ? uri
            : throw new BenchmarkFailedException($"AppHost listed no endpoint for {resourceName}.");

    /// <summary>A superuser connection string to one of the private PostgreSQL server's databases (for seeding bulk data).</summary>
    public string PostgresConnectionString(string database)
    {
        var server = _endpoints.TryGetValue(ResourceNames.Postgres, out var endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new BenchmarkFailedException("AppHost listed no private PostgreSQL server.");
        var password = File.ReadAllText(Path.Combine(StateDirectory, ResourceNames.Postgres, "password")).Trim();
        return $"Host={server.Host};Port={server.Port};Username=platform;Password={password};Database={database}";
    }

    /// <summary>The private broker's AMQP URI (the platform's virtual host), as the services get it.</summary>
    public string MessagingConnectionString()
    {
        var server = _endpoints.TryGetValue(ResourceNames.Messaging, out var endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? uri
            : throw new BenchmarkFailedException("AppHost listed no private RabbitMQ node.");
        var password = File.ReadAllText(Path.Combine(StateDirectory, ResourceNames.Messaging, "password")).Trim();
        return $"amqp://platform:{Uri.EscapeDataString(password)}@{server.Host}:{server.Port}/";
    }

    /// <summary>
    /// Where a run's AppHost writes every line, the services' logs included, though the console stays quiet: next to its
    /// state directory, and kept when that is deleted, so that a run that went wrong can be read afterwards.
    /// </summary>
    public static string LogFileOf(string stateDirectory) => stateDirectory.TrimEnd(Path.DirectorySeparatorChar) + ".apphost.log";

    /// <summary>Runs <c>dotnet IncidentPlatform.AppHost.dll --quiet --log-file … --state-dir … --gateway-port … --identity-port … [--fresh] [--services-dir …]</c>.</summary>
    public static AppHostProcess Launch(
        string appHostPath, string? servicesDirectory, string stateDirectory, bool fresh, IReadOnlyDictionary<string, string>? environment = null,
        bool seed = true)
    {
        var (gatewayPort, identityPort) = FreePorts();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appHostPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            appHostPath, "--quiet", "--log-file", LogFileOf(stateDirectory), "--state-dir", stateDirectory,
            "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--identity-port", identityPort.ToString(CultureInfo.InvariantCulture),
            .. fresh ? ["--fresh"] : Array.Empty<string>(),
            .. seed ? Array.Empty<string>() : ["--no-seed"],
            .. servicesDirectory is null ? Array.Empty<string>() : ["--services-dir", servicesDirectory],
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // AppHost's children inherit its environment: this is how a benchmark configures a service.
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var sinceLaunch = Stopwatch.StartNew();
        process.Start();
        var appHost = new AppHostProcess(process, sinceLaunch, stateDirectory, gatewayPort, identityPort);
        process.OutputDataReceived += (_, e) => appHost.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => appHost.OnOutput(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHost;
    }

    public async Task<StartTimings> WaitUntilStartedAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(2) };
        TimeSpan? gatewayHealthy = null;
        while (gatewayHealthy is null)
        {
            EnsureStillStarting("the gateway answered /health with 200");
            try
            {
                using var response = await client.GetAsync("health", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    gatewayHealthy = _sinceLaunch.Elapsed;
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while it starts.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        // The line's time is taken when AppHost printed it, not when this loop notices.
        while (!_devTokenPrinted.Task.IsCompleted)
        {
            EnsureStillStarting("it printed the dev token");
            await Task.Delay(PollInterval, cancellationToken);
        }

        RememberDescendants();
        return new StartTimings(gatewayHealthy.Value, await _devTokenPrinted.Task);
    }

    /// <summary>SIGTERM, wait for AppHost to exit, then make sure none of its processes are still running.</summary>
    public async Task<StopOutcome> StopAsync()
    {
        if (_stopped is not null)
        {
            return _stopped;
        }

        RememberDescendants();
        var clock = Stopwatch.StartNew();
        if (!_process.HasExited)
        {
            await Signals.SendAsync(_process.Id, Signals.Terminate);
            using var bound = new CancellationTokenSource(StopBound);
            try
            {
                await _process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                // Still running: reported below with whatever else it left.
            }
        }

        var duration = clock.Elapsed;
        List<string> leftBehind = [];
        if (!_process.HasExited)
        {
            leftBehind.Add($"apphost (pid {_process.Id}) did not exit within {StopBound.TotalSeconds:0} s of SIGTERM");
            await Signals.SendAsync(_process.Id, Signals.Kill);
        }

        // AppHost waits for its children before it exits; a moment more lets the kernel finish reaping them.
        var stillRunning = _descendants.Where(ProcFs.IsRunning).ToList();
        for (var waited = 0; waited < 50 && stillRunning.Count > 0; waited++)
        {
            await Task.Delay(100);
            stillRunning = stillRunning.Where(ProcFs.IsRunning).ToList();
        }

        foreach (var process in stillRunning)
        {
            leftBehind.Add($"{process.Name} (pid {process.Pid})");
            await Signals.SendAsync(process.Pid, Signals.Kill);
        }

        await _process.WaitForExitAsync();
        _stopped = new StopOutcome(duration, _process.ExitCode, leftBehind);
        _process.Dispose();
        return _stopped;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void EnsureStillStarting(string milestone)
    {
        if (_process.HasExited)
        {
            throw new BenchmarkFailedException($"AppHost exited (code {_process.ExitCode}) before {milestone}. Its last lines:{Environment.NewLine}{RecentOutput()}");
        }

        if (_sinceLaunch.Elapsed > StartBound)
        {
            throw new BenchmarkFailedException($"AppHost did not start within {StartBound.TotalMinutes:0} min (waiting until {milestone}). Its last lines:{Environment.NewLine}{RecentOutput()}");
        }
    }

    private void RememberDescendants()
    {
        foreach (var process in ProcFs.Snapshot().DescendantsOf(_process.Id))
        {
            if (!_descendants.Any(known => known.IsSameProcessAs(process)))
            {
                _descendants.Add(process);
            }
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        // The resource table AppHost prints once everything runs: "<name>  Running  <endpoint> …".
        if (ResourceLine().Match(line) is { Success: true } resource)
        {
            _endpoints[resource.Groups["name"].Value] = resource.Groups["endpoint"].Value;
        }

        if (line.StartsWith(DevTokenLinePrefix, StringComparison.Ordinal))
        {
            _devTokenPrinted.TrySetResult(_sinceLaunch.Elapsed);
            line = $"{DevTokenLinePrefix} (token)";
        }

        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > RecentLineCount)
            {
                _recentOutput.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_recentOutput)
        {
            return string.Join(Environment.NewLine, _recentOutput);
        }
    }

    /// <summary>A port nothing listens on now (for a server the benchmark runs next to the platform).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Both listeners are held until both ports are known, so the OS cannot hand out the same port twice.
    private static (int Gateway, int Identity) FreePorts()
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var ports = (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
        first.Stop();
        second.Stop();
        return ports;
    }

    [GeneratedRegex(@"^(?<name>[a-z0-9-]+)\s+Running\s+(?<endpoint>\S+)")]
    private static partial Regex ResourceLine();
}

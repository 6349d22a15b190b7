using System.Diagnostics;
using System.Runtime.InteropServices;
using IncidentPlatform.AppHost.Identity;
using IncidentPlatform.AppHost.Testing;
using Microsoft.Extensions.Configuration;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// The running platform: starts resources in dependency order (independent ones side by side), each only
/// after what it waits for is healthy; stops them in reverse on Ctrl+C or SIGTERM.
/// </summary>
public sealed class PlatformApplication : IAsyncDisposable
{
    private readonly PlatformOptions _options;
    private readonly IReadOnlyList<IPlatformResource> _resources;
    private readonly IReadOnlyList<Func<PlatformApplication, CancellationToken, Task>> _onStarted;
    private readonly PlatformTestingSession? _testingSession;
    private readonly List<IPlatformResource> _started = [];
    private readonly PlatformContext _context;

    internal PlatformApplication(
        PlatformOptions options,
        IReadOnlyList<IPlatformResource> resources,
        IReadOnlyList<Func<PlatformApplication, CancellationToken, Task>> onStarted,
        PlatformTestingSession? testingSession)
    {
        _options = options;
        _resources = resources;
        _onStarted = onStarted;
        _testingSession = testingSession;
        _context = new PlatformContext(options, new ConsoleLog(options.EchoResourceLogs, options.LogFile));
    }

    public ConsoleLog Log => _context.Log;

    public PlatformOptions Options => _options;

    public TimeSpan StartupDuration { get; private set; }

    public static PlatformBuilder CreateBuilder(string[] args)
    {
        var session = PlatformTestingSession.Current;
        var options = PlatformOptions.Parse(args);
        session?.Configure(options);
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(arg => arg.Contains('=', StringComparison.Ordinal)).ToArray())
            .Build();
        return new PlatformBuilder(options, configuration, session);
    }

    public T GetResource<T>(string name) where T : IPlatformResource =>
        _resources.OfType<T>().SingleOrDefault(resource => resource.Name == name)
        ?? throw new KeyNotFoundException($"No {typeof(T).Name} named '{name}'.");

    public Uri GetEndpoint(string name) => GetResource<IResourceWithEndpoint>(name).HttpEndpoint;

    public string GetConnectionString(string name) => GetResource<IResourceWithConnectionString>(name).ConnectionString;

    /// <summary>An HttpClient for a resource, as Aspire.Hosting.Testing gives one.</summary>
    public HttpClient CreateHttpClient(string name) => new() { BaseAddress = GetEndpoint(name) };

    public DevIssuer Identity => _resources.OfType<DevIssuerResource>().Single().Issuer;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        if (_options.Fresh && Directory.Exists(_options.StateDirectory))
        {
            Log.Info($"--fresh: deleting {_options.StateDirectory}");
            Directory.Delete(_options.StateDirectory, recursive: true);
        }

        Directory.CreateDirectory(_options.StateDirectory);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var starts = new Dictionary<IPlatformResource, Task>();

        Task StartOnce(IPlatformResource resource)
        {
            if (!starts.TryGetValue(resource, out var start))
            {
                var dependencies = resource.Dependencies.Select(StartOnce).ToArray();
                start = Task.Run(async () =>
                {
                    await Task.WhenAll(dependencies);
                    var began = clock.Elapsed;
                    // Counted as started before it is healthy: a start that fails or is cancelled half-way still
                    // stops the process it launched.
                    lock (_started)
                    {
                        _started.Add(resource);
                    }

                    await resource.StartAsync(_context, failed.Token);

                    Log.Info($"{resource.Name} is ready (took {(clock.Elapsed - began).TotalSeconds:0.0} s, at {clock.Elapsed.TotalSeconds:0.0} s)");
                }, failed.Token);
                starts[resource] = start;
            }

            return start;
        }

        var all = _resources.Select(StartOnce).ToList();
        try
        {
            while (all.Count > 0)
            {
                var finished = await Task.WhenAny(all);
                all.Remove(finished);
                await finished;
            }

            StartupDuration = clock.Elapsed;
            foreach (var callback in _onStarted)
            {
                await callback(this, cancellationToken);
            }
        }
        catch (Exception exception)
        {
            await failed.CancelAsync();
            await Task.WhenAll(starts.Values.Select(task => task.ContinueWith(_ => { }, TaskScheduler.Default)));
            await StopAsync();
            if (exception is PlatformStartException or OperationCanceledException)
            {
                throw;
            }

            throw new PlatformStartException($"Start-up failed: {exception.Message}", exception);
        }
    }

    /// <summary>Stops what was started, dependents first (services before the database and broker they use).</summary>
    public async Task StopAsync()
    {
        List<IPlatformResource> started;
        lock (_started)
        {
            started = [.. _started];
            _started.Clear();
        }

        var remaining = started.ToHashSet();
        while (remaining.Count > 0)
        {
            // A resource stops once nothing still running depends on it.
            var ready = remaining.Where(r => !remaining.Any(other => other.Dependencies.Contains(r))).ToList();
            if (ready.Count == 0)
            {
                ready = [.. remaining];
            }

            await Task.WhenAll(ready.Select(async resource =>
            {
                try
                {
                    await resource.StopAsync();
                }
                catch (Exception exception)
                {
                    Log.Info($"Stopping {resource.Name} failed: {exception.Message}");
                }
            }));
            remaining.ExceptWith(ready);
        }

        if (_options.Ephemeral && Directory.Exists(_options.StateDirectory))
        {
            Directory.Delete(_options.StateDirectory, recursive: true);
        }
    }

    /// <summary>Starts everything, prints where it is, and runs until Ctrl+C or SIGTERM.</summary>
    public async Task<int> RunAsync()
    {
        if (_testingSession is not null)
        {
            await _testingSession.RunAsync(this);
            return 0;
        }

        using var stopping = new CancellationTokenSource();
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

        try
        {
            await StartAsync(stopping.Token);
        }
        catch (PlatformStartException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Log.Info("Start-up interrupted; everything started has been stopped.");
            return 130;
        }

        PrintSummary();
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        Log.Info("Stopping the platform…");
        await StopAsync();
        Log.Info("Stopped. Data is kept in " + _options.StateDirectory + " (start with --fresh to wipe it).");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_testingSession is not null)
        {
            await _testingSession.StopAsync();
        }
        else
        {
            await StopAsync();
        }

        _context.Log.Dispose();
    }

    private void PrintSummary()
    {
        var width = _resources.Max(r => r.Name.Length) + 2;
        var lines = new List<string> { "", $"{"Resource".PadRight(width)}State     Endpoint", new('-', width + 60) };
        lines.AddRange(_resources.Select(r => $"{r.Name.PadRight(width)}Running   {r.Describe()}"));
        lines.Add("");
        lines.Add($"Started in {StartupDuration.TotalSeconds:0.0} s. State: {_options.StateDirectory}");
        lines.Add("");
        Log.Raw(string.Join(Environment.NewLine, lines));
        foreach (var line in SummaryLines)
        {
            Log.Raw(line);
        }

        Log.Raw("");
        Log.Raw("Press Ctrl+C to stop.");
    }

    /// <summary>Lines added by start-up callbacks (the gateway URL and dev token, demo data status).</summary>
    internal List<string> SummaryLines { get; } = [];
}

using IncidentPlatform.AppHost.Hosting;

namespace IncidentPlatform.AppHost.Testing;

/// <summary>
/// Runs AppHost's own Program in-process for a test (our Aspire.Hosting.Testing): the topology is the one
/// Program.cs declares, with throw-away state, free ports and no console echo; the test gets the running
/// application back and stops it by disposing it.
/// </summary>
public sealed class PlatformTestingSession
{
    private static readonly AsyncLocal<PlatformTestingSession?> CurrentSession = new();
    private readonly TaskCompletionSource<PlatformApplication> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<PlatformOptions>? _configure;
    private Task? _program;

    private PlatformTestingSession(Action<PlatformOptions>? configure) => _configure = configure;

    internal static PlatformTestingSession? Current => CurrentSession.Value;

    /// <summary>Starts the platform as AppHost's Program declares it and returns once every resource is healthy.</summary>
    public static async Task<PlatformApplication> StartAsync(Action<PlatformOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var session = new PlatformTestingSession(configure);
        var entryPoint = typeof(PlatformTestingSession).Assembly.EntryPoint
            ?? throw new InvalidOperationException("AppHost has no entry point.");

        // AsyncLocal flows into the task, so concurrent sessions in one test process do not see each other.
        CurrentSession.Value = session;
        session._program = Task.Factory.StartNew(
            () => entryPoint.Invoke(null, [new[] { "--testing" }]),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        CurrentSession.Value = null;

        var first = await Task.WhenAny(session._started.Task, session._program);
        if (first == session._program)
        {
            await session._program;
            throw new InvalidOperationException("AppHost's Program returned without building the platform.");
        }

        return await session._started.Task;
    }

    internal void Configure(PlatformOptions options)
    {
        options.Ephemeral = true;
        options.StateDirectory = Path.Combine(Path.GetTempPath(), $"incident-platform-test-{Guid.NewGuid():N}");
        options.GatewayPort = null;
        options.IdentityPort = null;
        options.EchoResourceLogs = Environment.GetEnvironmentVariable("PLATFORM_TEST_ECHO_LOGS") == "1";
        _configure?.Invoke(options);
    }

    internal async Task RunAsync(PlatformApplication application)
    {
        try
        {
            await application.StartAsync();
        }
        catch (Exception exception)
        {
            _started.TrySetException(exception);
            return;
        }

        _started.TrySetResult(application);
        await _stopRequested.Task;
        await application.StopAsync();
    }

    internal async Task StopAsync()
    {
        _stopRequested.TrySetResult();
        if (_program is not null)
        {
            await _program;
        }
    }
}

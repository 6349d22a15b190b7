namespace IncidentPlatform.Benchmarks;

public sealed record BenchmarkResults(
    BenchmarkOptions Options,
    RunEnvironment Environment,
    IReadOnlyList<ColdStartRun> ColdStarts,
    IReadOnlyList<ComponentMemory> IdleMemory,
    ResolveToReviewResult? ResolveToReview,
    IncidentsApiResult? IncidentsApi,
    FirstRequestsResult? FirstRequests,
    StopOutcome MeasurementRunStop)
{
    public int Stops => ColdStarts.Count + (FirstRequests is null ? 0 : 1) + 1;

    public int ProcessesLeftBehind => ColdStarts.Sum(run => run.Stop.LeftBehind.Count) + (FirstRequests?.Stop.LeftBehind.Count ?? 0)
        + MeasurementRunStop.LeftBehind.Count;
}

/// <summary>
/// The whole benchmark: the cold starts, a platform's first requests under load, then one more platform, started on an empty state directory,
/// for idle memory and afterwards (so its load does not show in the memory) resolve → review latency and
/// the Incidents API under load. <c>--suite</c> picks the platform part, the Incidents API part, or both.
/// </summary>
public static class PlatformBenchmark
{
    public static async Task<BenchmarkResults> RunAsync(BenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var environment = RunEnvironment.Describe();
        var platformSuite = options.Suite is BenchmarkSuite.All or BenchmarkSuite.Platform;
        var incidentsSuite = options.Suite is BenchmarkSuite.All or BenchmarkSuite.Incidents;
        var coldStarts = platformSuite ? await ColdStartBenchmark.RunAsync(options, progress, cancellationToken) : [];
        var firstRequests = platformSuite ? await FirstRequestsBenchmark.RunAsync(options, progress, cancellationToken) : null;

        var stateDirectory = StateDirectories.Create();
        try
        {
            progress.WriteLine($"Starting the platform for memory and latency (its log: {AppHostProcess.LogFileOf(stateDirectory)})…");
            await using var platform = AppHostProcess.Launch(options.AppHostPath, options.ServicesDirectory, stateDirectory, fresh: true);
            await platform.WaitUntilStartedAsync(cancellationToken);
            var memory = platformSuite ? await IdleMemoryBenchmark.MeasureAsync(platform, options.IdleTime, progress, cancellationToken) : [];
            var resolveToReview = platformSuite
                ? await ResolveToReviewBenchmark.RunAsync(platform, options.WarmUpIncidents, options.Incidents, progress, cancellationToken)
                : null;
            var incidentsApi = incidentsSuite ? await IncidentsApiBenchmark.RunAsync(platform, options.Rate, options.LoadDuration, progress, cancellationToken) : null;
            var stop = await platform.StopAsync();
            return new BenchmarkResults(options, environment, coldStarts, memory, resolveToReview, incidentsApi, firstRequests, stop);
        }
        finally
        {
            StateDirectories.Delete(stateDirectory, progress);
        }
    }

    /// <summary>Knowledge-base search on a platform of its own (fresh state, so nothing else is in the reviews database).</summary>
    /// <summary>Runs one suite against a fresh platform started by AppHost, and stops it after.</summary>
    public static async Task<string> RunOnPlatformAsync(
        BenchmarkOptions options, string what, Func<AppHostProcess, TextWriter, CancellationToken, Task<string>> suite, TextWriter progress, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var stateDirectory = StateDirectories.Create();
        try
        {
            progress.WriteLine($"Starting the platform for {what} (its log: {AppHostProcess.LogFileOf(stateDirectory)})…");
            await using var platform = AppHostProcess.Launch(options.AppHostPath, options.ServicesDirectory, stateDirectory, fresh: true, environment);
            await platform.WaitUntilStartedAsync(cancellationToken);
            var report = await suite(platform, progress, cancellationToken);
            var stop = await platform.StopAsync();
            return stop.LeftBehind.Count == 0 ? report : report + $"{Environment.NewLine}Processes left behind: {string.Join(", ", stop.LeftBehind)}{Environment.NewLine}";
        }
        finally
        {
            StateDirectories.Delete(stateDirectory, progress);
        }
    }
}

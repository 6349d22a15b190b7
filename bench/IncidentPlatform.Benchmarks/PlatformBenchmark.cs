namespace IncidentPlatform.Benchmarks;

public sealed record BenchmarkResults(
    BenchmarkOptions Options,
    RunEnvironment Environment,
    IReadOnlyList<ColdStartRun> ColdStarts,
    IReadOnlyList<ComponentMemory> IdleMemory,
    ResolveToReviewResult ResolveToReview,
    StopOutcome MeasurementRunStop)
{
    public int ProcessesLeftBehind => ColdStarts.Sum(run => run.Stop.LeftBehind.Count) + MeasurementRunStop.LeftBehind.Count;
}

/// <summary>
/// The whole benchmark: the cold starts, then one more platform, started on an empty state directory,
/// for idle memory and afterwards (so its load does not show in the memory) resolve → review latency.
/// </summary>
public static class PlatformBenchmark
{
    public static async Task<BenchmarkResults> RunAsync(BenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var environment = RunEnvironment.Describe();
        var coldStarts = await ColdStartBenchmark.RunAsync(options, progress, cancellationToken);

        var stateDirectory = StateDirectories.Create();
        try
        {
            progress.WriteLine("Starting the platform for memory and latency…");
            await using var platform = AppHostProcess.Launch(options.AppHostPath, stateDirectory, fresh: true);
            await platform.WaitUntilStartedAsync(cancellationToken);
            var memory = await IdleMemoryBenchmark.MeasureAsync(platform, options.IdleTime, progress, cancellationToken);
            var resolveToReview = await ResolveToReviewBenchmark.RunAsync(platform, options.WarmUpIncidents, options.Incidents, progress, cancellationToken);
            var stop = await platform.StopAsync();
            return new BenchmarkResults(options, environment, coldStarts, memory, resolveToReview, stop);
        }
        finally
        {
            StateDirectories.Delete(stateDirectory, progress);
        }
    }
}

namespace IncidentPlatform.Benchmarks;

public enum StartCase
{
    /// <summary>A new, empty state directory with --fresh: initdb, a new broker node, migrations, demo seeding.</summary>
    EmptyState,

    /// <summary>The state the previous run left: data kept, demo data already present.</summary>
    ExistingState,
}

public sealed record ColdStartRun(int Run, StartCase Case, StartTimings Timings, StopOutcome Stop);

/// <summary>
/// Cold start as a developer sees it: from launching AppHost to the gateway's first 200 on /health, and
/// to the "Dev token:" line. Each run starts on an empty state directory, stops, then restarts on it.
/// </summary>
public static class ColdStartBenchmark
{
    // Lets the previous run's exit settle (PostgreSQL's shutdown checkpoint, freed memory) before the next launch.
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public static async Task<IReadOnlyList<ColdStartRun>> RunAsync(BenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        List<ColdStartRun> runs = [];
        for (var run = 1; run <= options.ColdStarts; run++)
        {
            var stateDirectory = StateDirectories.Create();
            try
            {
                runs.Add(await MeasureAsync(options, run, StartCase.EmptyState, stateDirectory, progress, cancellationToken));
                runs.Add(await MeasureAsync(options, run, StartCase.ExistingState, stateDirectory, progress, cancellationToken));
            }
            finally
            {
                StateDirectories.Delete(stateDirectory, progress);
            }
        }

        return runs;
    }

    private static async Task<ColdStartRun> MeasureAsync(
        BenchmarkOptions options, int run, StartCase startCase, string stateDirectory, TextWriter progress, CancellationToken cancellationToken)
    {
        await Task.Delay(Pause, cancellationToken);
        var label = startCase == StartCase.EmptyState ? "empty state" : "restart on existing state";
        progress.WriteLine($"Cold start {run}/{options.ColdStarts}, {label}…");

        await using var platform = AppHostProcess.Launch(options.AppHostPath, options.ServicesDirectory, stateDirectory, fresh: startCase == StartCase.EmptyState);
        var timings = await platform.WaitUntilStartedAsync(cancellationToken);
        var stop = await platform.StopAsync();

        progress.WriteLine($"  gateway /health 200 after {timings.GatewayHealthy.TotalSeconds:0.00} s, dev token after {timings.DevTokenPrinted.TotalSeconds:0.00} s; " +
            $"stopped in {stop.Duration.TotalSeconds:0.0} s{(stop.LeftBehind.Count > 0 ? $", LEFT BEHIND: {string.Join(", ", stop.LeftBehind)}" : "")}");
        return new ColdStartRun(run, startCase, timings, stop);
    }
}

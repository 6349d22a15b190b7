namespace IncidentPlatform.Benchmarks;

/// <param name="Load">The first requests, through the gateway, as a fixed-rate load.</param>
public sealed record FirstRequestsResult(RateRun Load, int Rate, TimeSpan Duration, StopOutcome Stop);

/// <summary>
/// The first requests a platform ever serves arrive at the full rate, from many users at once: a restart with traffic
/// waiting, such as a pod replaced under load. The platform starts with <c>--no-seed</c>, so neither the gateway nor
/// the services have validated a token before (seeding would warm them). Each component then fetches the issuer's
/// metadata while requests queue up; once, every such request timed out.
/// </summary>
public static class FirstRequestsBenchmark
{
    private const int Users = 20;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    public static async Task<FirstRequestsResult> RunAsync(BenchmarkOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        var stateDirectory = StateDirectories.Create();
        try
        {
            progress.WriteLine($"First requests: starting a platform with --no-seed (its log: {AppHostProcess.LogFileOf(stateDirectory)})…");
            await using var platform = AppHostProcess.Launch(options.AppHostPath, options.ServicesDirectory, stateDirectory, fresh: true, seed: false);
            await platform.WaitUntilStartedAsync(cancellationToken);

            var orgId = Guid.NewGuid();
            var tokens = new List<string>();
            for (var i = 0; i < Users; i++)
            {
                tokens.Add(await DevTokens.MintAsync(platform, orgId, $"responder-{i}", $"Responder {i}", cancellationToken));
            }

            progress.WriteLine($"First requests: POST /api/incidents at {options.Rate}/s for {Duration.TotalSeconds:0} s from {Users} users, through the gateway…");
            using var gateway = IncidentsApiBenchmark.Client(platform.Gateway, tokens[0]);
            var load = await FixedRateLoad.RunAsync(options.Rate, Duration,
                (i, ct) => IncidentsApiBenchmark.DeclareAs(gateway, tokens[i % Users], $"First incident {i}", ct), cancellationToken);
            var stop = await platform.StopAsync();
            return new FirstRequestsResult(load, options.Rate, Duration, stop);
        }
        finally
        {
            StateDirectories.Delete(stateDirectory, progress);
        }
    }
}

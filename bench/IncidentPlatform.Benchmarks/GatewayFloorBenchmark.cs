using System.Net.Http.Json;
using System.Text;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// The gateway's overhead against the floor of a YARP hop on this machine: <c>POST /api/incidents</c> at a fixed rate
/// through the gateway, through a bare YARP proxy to the same service (<see cref="BareYarpProxy"/>), and straight to
/// the service, in alternating turns. The gateway's goal is ≤ 1.15× the direct latency; what a bare YARP reaches is
/// the least any gateway built on it (as the design card fixes) can add here.
/// </summary>
public static class GatewayFloorBenchmark
{
    private const double GatewayOverheadGoal = 1.15;

    public static async Task<string> RunAsync(
        AppHostProcess platform, int ratePerSecond, TimeSpan measured, TextWriter progress, CancellationToken cancellationToken)
    {
        var service = platform.ServiceEndpoint(ResourceNames.IncidentsApi);
        progress.WriteLine("Gateway floor: starting a bare YARP proxy to the Incidents service…");
        await using var bareProxy = await BareYarpProxy.StartAsync(service, cancellationToken);
        var token = await DevTokens.MintAsync(platform, Guid.NewGuid(), "benchmark-lead", "Benchmark Lead", cancellationToken);
        var paths = new (string Name, Uri Address)[] { ("gateway", platform.Gateway), ("bare YARP proxy", bareProxy.Address), ("direct", service) }
            .Select(path => (path.Name, Client: IncidentsApiBenchmark.Client(path.Address, token)))
            .ToList();
        try
        {
            var loads = paths.Select(path => (Func<int, CancellationToken, Task<HttpResponseMessage>>)((i, ct) =>
                path.Client.PostAsJsonAsync("api/incidents", IncidentsApiBenchmark.Declaration($"Floor incident {i}"), ct))).ToList();
            progress.WriteLine($"Gateway floor: warm-up, each path for {IncidentsApiBenchmark.PlatformWarmUpPerCase.TotalSeconds:0} s at {IncidentsApiBenchmark.PlatformWarmUpRate}/s, then {IncidentsApiBenchmark.WarmUp.TotalSeconds:0} s at {ratePerSecond}/s…");
            foreach (var load in loads)
            {
                await FixedRateLoad.RunAsync(IncidentsApiBenchmark.PlatformWarmUpRate, IncidentsApiBenchmark.PlatformWarmUpPerCase, load, cancellationToken);
            }

            var turns = IncidentsApiBenchmark.TurnsFor(measured);
            progress.WriteLine($"Gateway floor: POST /api/incidents at {ratePerSecond}/s on each path in {turns} turns of {IncidentsApiBenchmark.Turn.TotalSeconds:0} s…");
            var runs = await IncidentsApiBenchmark.WarmUpAndMeasureInTurnsAsync(ratePerSecond, measured, loads, cancellationToken);
            return Report(ratePerSecond, IncidentsApiBenchmark.Turn * turns, [.. paths.Select((path, index) => (path.Name, runs[index]))]);
        }
        finally
        {
            foreach (var (_, client) in paths)
            {
                client.Dispose();
            }
        }
    }

    private static string Report(int ratePerSecond, TimeSpan measured, IReadOnlyList<(string Path, RateRun Run)> runs)
    {
        var direct = runs[^1].Run.Latency;
        var text = new StringBuilder();
        text.AppendLine("# IncidentPlatform benchmark: the gateway against a bare YARP hop");
        text.AppendLine();
        text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on commit {RunEnvironment.Describe().Commit}; {Environment.ProcessorCount} cores.");
        text.AppendLine();
        text.AppendLine($"`POST /api/incidents` (one org) at {ratePerSecond}/s, open loop, {measured.TotalSeconds:0} s on each path in turns of " +
            $"{IncidentsApiBenchmark.Turn.TotalSeconds:0} s, the order reversed every other turn, after a warm-up of each. The gateway is the platform's own " +
            "(Entra ID token validation, authorization, telemetry, YARP); the bare proxy is YARP 2.3 alone with one catch-all route, in a process of its " +
            "own with the gateway's runtime settings; direct is the Incidents service's port. All three reach the same service, which validates the " +
            $"same token. The gateway's goal is ≤ {GatewayOverheadGoal:0.00}× the direct latency.");
        text.AppendLine();
        text.AppendLine("| Path | Requests | Failed | p50 | p90 | p99 | max | p50 ÷ direct | p99 ÷ direct |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (path, run) in runs)
        {
            var latency = run.Latency;
            text.AppendLine($"| {path} | {run.Requests} | {run.Failures} | {ResultsReport.Ms(latency.P50)} | {ResultsReport.Ms(latency.P90)} | " +
                $"{ResultsReport.Ms(latency.P99)} | {ResultsReport.Ms(latency.Max)} | {latency.P50 / direct.P50:0.00}× | {latency.P99 / direct.P99:0.00}× |");
        }

        return text.ToString();
    }
}

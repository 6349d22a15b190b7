using System.Text;

namespace IncidentPlatform.Benchmarks;

/// <summary>The Incidents API part of the results: summary rows against the goals, then every case.</summary>
public static class IncidentsApiReport
{
    private const double RequestP99GoalMs = 50;
    private const double GatewayOverheadGoal = 1.15;
    private const double MetricsGoalMs = 100;
    private const double ImportGoalMs = 1000;

    public static void AppendRows(StringBuilder text, IncidentsApiResult result)
    {
        foreach (var operation in result.Rates.Select(r => r.Operation).Distinct())
        {
            var viaGateway = result.Rates.Single(r => r.Operation == operation && r.ThroughGateway).Run;
            var direct = result.Rates.Single(r => r.Operation == operation && !r.ThroughGateway).Run;
            ResultsReport.Row(text, $"`{operation}` at {result.RatePerSecond}/s via gateway, p50 / p99",
                $"{ResultsReport.Ms(viaGateway.Latency.P50)} / {ResultsReport.Ms(viaGateway.Latency.P99)}", $"p99 < {RequestP99GoalMs:0} ms",
                viaGateway.Failures == 0 && viaGateway.Latency.P99 < RequestP99GoalMs);
            ResultsReport.Row(text, $"`{operation}` at {result.RatePerSecond}/s direct, p50 / p99",
                $"{ResultsReport.Ms(direct.Latency.P50)} / {ResultsReport.Ms(direct.Latency.P99)}", "", null);
            // Both: a p99 ratio alone passed when one stall landed in a direct turn (0.43×) while p50 said 1.31×.
            var p50Ratio = viaGateway.Latency.P50 / direct.Latency.P50;
            var p99Ratio = viaGateway.Latency.P99 / direct.Latency.P99;
            ResultsReport.Row(text, $"`{operation}` gateway overhead (p50 ratio; p99 ratio)",
                $"{p50Ratio:0.00}×; {p99Ratio:0.00}×", $"both ≤ {GatewayOverheadGoal:0.00}×", p50Ratio <= GatewayOverheadGoal && p99Ratio <= GatewayOverheadGoal);
        }

        ResultsReport.Row(text, $"Org metrics over {result.SeededIncidents:N0} incidents via gateway, p50 / p99",
            $"{ResultsReport.Ms(result.OrgMetrics.P50)} / {ResultsReport.Ms(result.OrgMetrics.P99)}", $"< {MetricsGoalMs:0} ms", result.OrgMetrics.P99 < MetricsGoalMs);
        ResultsReport.Row(text, $"Timeline import of {result.ImportLines:N0} lines via gateway, p50 / max",
            $"{ResultsReport.Ms(result.Import.P50)} / {ResultsReport.Ms(result.Import.Max)}", $"< {ImportGoalMs:0} ms", result.Import.Max < ImportGoalMs);
    }

    public static void AppendDetails(StringBuilder text, IncidentsApiResult result)
    {
        text.AppendLine();
        text.AppendLine("## Incidents API");
        text.AppendLine();
        text.AppendLine($"Open-loop load from the benchmark process on the same machine: request *i* is sent at *i* / {result.RatePerSecond} s whether or not " +
            "earlier ones have answered, and its latency runs from that moment to the end of the response body (a slow server shows as latency, " +
            $"not as a lower rate). First every case for {IncidentsApiBenchmark.PlatformWarmUpPerCase.TotalSeconds:0} s at {IncidentsApiBenchmark.PlatformWarmUpRate}/s (the services' JIT settles), then per case 3 s of warm-up on each path and {result.RateDuration.TotalSeconds:0} s measured on each, " +
            $"in turns of {IncidentsApiBenchmark.Turn.TotalSeconds:0} s, gateway and direct alternating (A B B A…), so that the machine's drift during the case weighs on both paths alike. Timeline entries go to 20 incidents in turn. " +
            "Direct means the Incidents service's own port, which validates the same token. " +
            "`POST /api/incidents` runs once in one org and once spread over 20 orgs: an org's references are gapless, so one org's " +
            "creates take turns on its counter row.");
        text.AppendLine();
        text.AppendLine("| Request | Path | Requests | Failed | Rate achieved | p50 | p90 | p99 | max |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var rate in result.Rates)
        {
            var latency = rate.Run.Latency;
            text.AppendLine($"| `{rate.Operation}` | {(rate.ThroughGateway ? "gateway" : "direct")} | {rate.Run.Requests} | {rate.Run.Failures} | {rate.Run.AchievedRate:0}/s | " +
                $"{ResultsReport.Ms(latency.P50)} | {ResultsReport.Ms(latency.P90)} | {ResultsReport.Ms(latency.P99)} | {ResultsReport.Ms(latency.Max)} |");
        }

        text.AppendLine();
        text.AppendLine($"{result.SeededIncidents:N0} resolved incidents of one org, one every 5 minutes through 2023, inserted in one SQL statement; " +
            "each query through the gateway 3 times unmeasured, then 20 times one after another:");
        text.AppendLine();
        text.AppendLine("| Query | p50 | p90 | p99 | max |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var (query, latency) in new[]
        {
            ("`GET /api/incidents/metrics?from=2023-01-01&to=2024-01-01&interval=month` (all 100,000)", result.OrgMetrics),
            ("`…&interval=week&severity=SEV1&severity=SEV2&service=checkout-api`", result.OrgMetricsFiltered),
            ("`GET /api/incidents?q=database%20failover&limit=50` (full-text, 20,000 matches)", result.Search),
            ($"`POST /api/incidents/{{id}}/timeline/import`, {result.ImportLines:N0} `HH:MM` lines (5 imports, each {IncidentsApiBenchmark.ImportPause.TotalSeconds:0} s after the previous one, whose event Reviews consumes meanwhile)", result.Import),
        })
        {
            text.AppendLine($"| {query} | {ResultsReport.Ms(latency.P50)} | {ResultsReport.Ms(latency.P90)} | {ResultsReport.Ms(latency.P99)} | {ResultsReport.Ms(latency.Max)} |");
        }
    }
}

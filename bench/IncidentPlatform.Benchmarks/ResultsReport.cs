using System.Text;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>The results as markdown: the summary table against the goals, then the runs and processes behind it.</summary>
public static class ResultsReport
{
    private static readonly TimeSpan ColdStartGoal = TimeSpan.FromSeconds(10);
    private const double MemoryGoalMb = 150;
    private const double ResolveToReviewP99GoalMs = 250;

    public static string ToMarkdown(BenchmarkResults results)
    {
        var options = results.Options;
        var environment = results.Environment;
        var text = new StringBuilder();
        text.AppendLine("# IncidentPlatform benchmark");
        text.AppendLine();
        text.AppendLine($"Measured {environment.MeasuredAt:yyyy-MM-dd HH:mm} UTC on commit {environment.Commit}; {environment.Cores} cores, {environment.OperatingSystem}, {environment.Runtime}.");
        text.AppendLine($"Options: `--suite {options.Suite.ToString().ToLowerInvariant()} --rate {options.Rate} --load-seconds {options.LoadDuration.TotalSeconds:0} --incidents {options.Incidents} --warm-up {options.WarmUpIncidents} --cold-starts {options.ColdStarts} --idle-seconds {options.IdleTime.TotalSeconds:0}{ServicesOption(options)}`.");
        text.AppendLine();
        text.AppendLine("| Metric | Value | Goal | Met |");
        text.AppendLine("|---|---|---|---|");
        var platformSuite = options.Suite is BenchmarkSuite.All or BenchmarkSuite.Platform;
        if (platformSuite)
        {
            AppendColdStartRows(text, results.ColdStarts, StartCase.EmptyState, "Cold start, empty state (initdb)");
            AppendColdStartRows(text, results.ColdStarts, StartCase.ExistingState, "Restart, existing state");
            foreach (var component in results.IdleMemory)
            {
                var mb = component.ResidentKb / 1024.0;
                var pss = component.ProportionalKb is { } kb ? $" (PSS {kb / 1024.0:0.0} MB)" : "";
                Row(text, $"Idle RSS: {Describe(component)}", $"{mb:0.0} MB{pss}", $"< {MemoryGoalMb:0} MB", mb < MemoryGoalMb);
            }
        }

        if (results.FirstRequests is { } first)
        {
            var load = first.Load;
            Row(text, $"First requests after a start (no token seen yet), {first.Rate}/s for {first.Duration.TotalSeconds:0} s via gateway: answered",
                $"{load.Requests - load.Failures} of {load.Requests}", "all", load.Failures == 0);
            Row(text, "First requests after a start: p50 / p99 / max", $"{Ms(load.Latency.P50)} / {Ms(load.Latency.P99)} / {Ms(load.Latency.Max)}", "", null);
        }

        if (results.ResolveToReview is { } resolveToReview)
        {
            var latency = resolveToReview.ToReview;
            var noTimeouts = resolveToReview.TimedOut == 0;
            Row(text, "Resolve → draft review via gateway, p50", Ms(latency.P50), "", null);
            Row(text, "Resolve → draft review via gateway, p90", Ms(latency.P90), "", null);
            Row(text, "Resolve → draft review via gateway, p99", Ms(latency.P99), $"< {ResolveToReviewP99GoalMs:0} ms", noTimeouts && latency.P99 < ResolveToReviewP99GoalMs);
            Row(text, "Resolve → draft review via gateway, max", Ms(latency.Max), "", null);
            if (!noTimeouts)
            {
                Row(text, "Resolved incidents whose review never appeared (30 s)", $"{resolveToReview.TimedOut}", "0", false);
            }
        }

        if (results.IncidentsApi is { } incidentsApi)
        {
            IncidentsApiReport.AppendRows(text, incidentsApi);
        }

        Row(text, "Processes left running after SIGTERM", $"{results.ProcessesLeftBehind} (over {results.Stops} stops)", "0", results.ProcessesLeftBehind == 0);

        if (platformSuite)
        {
            AppendColdStartDetails(text, results.ColdStarts);
            AppendMemoryDetails(text, results.IdleMemory, options.IdleTime);
        }

        if (results.ResolveToReview is { } resolved)
        {
            AppendLatencyDetails(text, resolved, options.Incidents);
        }

        if (results.IncidentsApi is { } api)
        {
            IncidentsApiReport.AppendDetails(text, api);
        }

        return text.ToString();
    }

    // Relative to the checkout, so reports from different clones compare.
    private static string ServicesOption(BenchmarkOptions options) => options.ServicesDirectory is { } services
        ? $" --services-dir {Path.GetRelativePath(BenchmarkOptions.RepositoryRoot, services)}"
        : "";

    private static void AppendColdStartRows(StringBuilder text, IReadOnlyList<ColdStartRun> runs, StartCase startCase, string label)
    {
        var matching = runs.Where(run => run.Case == startCase).ToList();
        if (matching.Count == 0)
        {
            Row(text, $"{label} → gateway /health 200", "not measured (`--cold-starts 0`)", $"< {ColdStartGoal.TotalSeconds:0} s", null);
            return;
        }

        var healthy = matching.Select(run => run.Timings.GatewayHealthy).Order().ToList();
        var devToken = matching.Select(run => run.Timings.DevTokenPrinted).Order().ToList();
        Row(text, $"{label} → gateway /health 200", Seconds(healthy), $"< {ColdStartGoal.TotalSeconds:0} s (median)", Median(healthy) < ColdStartGoal);
        Row(text, $"{label} → `Dev token:` printed", Seconds(devToken), "", null);
    }

    private static void AppendColdStartDetails(StringBuilder text, IReadOnlyList<ColdStartRun> runs)
    {
        text.AppendLine();
        text.AppendLine("## Cold starts");
        text.AppendLine();
        text.AppendLine("From launching `dotnet IncidentPlatform.AppHost.dll --quiet --state-dir … --gateway-port … --identity-port … [--fresh]` " +
            "to the gateway's first 200 on `/health`, and to the `Dev token:` line (start-up done, demo org seeded). Each run starts on an " +
            "empty state directory with `--fresh`, is stopped with SIGTERM, then restarts on the state it left.");
        text.AppendLine();
        if (runs.Count == 0)
        {
            text.AppendLine("Not measured (`--cold-starts 0`).");
            return;
        }

        text.AppendLine("| Run | Case | Gateway /health 200 | `Dev token:` | Stop (SIGTERM → exit) | Exit code | Left running |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var run in runs)
        {
            var startCase = run.Case == StartCase.EmptyState ? "empty state" : "existing state";
            var leftBehind = run.Stop.LeftBehind.Count == 0 ? "none" : string.Join(", ", run.Stop.LeftBehind);
            text.AppendLine($"| {run.Run} | {startCase} | {run.Timings.GatewayHealthy.TotalSeconds:0.00} s | {run.Timings.DevTokenPrinted.TotalSeconds:0.00} s | " +
                $"{run.Stop.Duration.TotalSeconds:0.0} s | {run.Stop.ExitCode} | {leftBehind} |");
        }
    }

    private static void AppendMemoryDetails(StringBuilder text, IReadOnlyList<ComponentMemory> components, TimeSpan idle)
    {
        text.AppendLine();
        text.AppendLine($"## Idle memory, {idle.TotalSeconds:0} s after start-up");
        text.AppendLine();
        text.AppendLine("VmRSS from `/proc/<pid>/status` of every process under AppHost, grouped by the process AppHost started. " +
            "PSS (`/proc/<pid>/smaps_rollup`) shares each shared page among the processes mapping it: PostgreSQL's RSS sum counts " +
            "its shared buffers and binary once per backend, its PSS sum once. MB = 2^20 bytes.");
        text.AppendLine();
        text.AppendLine("| Component | Process | PID | RSS | PSS |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var component in components)
        {
            foreach (var process in component.Processes)
            {
                text.AppendLine($"| {component.Component} | {process.Name} | {process.Pid} | {Mb(process.ResidentKb)} | {Mb(process.ProportionalKb)} |");
            }

            if (component.Processes.Count > 1)
            {
                text.AppendLine($"| **{component.Component}** | **sum** | | **{Mb(component.ResidentKb)}** | **{Mb(component.ProportionalKb)}** |");
            }
        }

        var total = components.Sum(component => component.ResidentKb);
        var totalPss = components.All(component => component.ProportionalKb is not null) ? components.Sum(component => component.ProportionalKb!.Value) : (long?)null;
        text.AppendLine($"| **platform** | **total** | | **{Mb(total)}** | **{Mb(totalPss)}** |");
    }

    private static void AppendLatencyDetails(StringBuilder text, ResolveToReviewResult result, int incidents)
    {
        var request = result.ResolveRequest;
        text.AppendLine();
        text.AppendLine("## Resolve → draft review");
        text.AppendLine();
        text.AppendLine($"{incidents} SEV1 incidents in a new org, after {result.WarmUp} not counted, one at a time over HTTP through the gateway: " +
            "send `POST /api/incidents/{id}/resolve`, then poll `GET /api/reviews?incidentId={id}` every ~2 ms. The latency ends with the " +
            "response of the first poll that lists the review (so it includes up to one poll interval and round trip).");
        text.AppendLine();
        text.AppendLine($"- Resolve request alone: p50 {Ms(request.P50)}, p90 {Ms(request.P90)}, p99 {Ms(request.P99)}, max {Ms(request.Max)}");
        text.AppendLine($"- Polls per incident: {result.AveragePolls:0.0} on average");
        text.AppendLine($"- Reviews that never appeared (30 s): {result.TimedOut}");
    }

    private static string Describe(ComponentMemory component)
    {
        var what = component.Component switch
        {
            ResourceNames.Postgres => "PostgreSQL",
            ResourceNames.Messaging => "RabbitMQ",
            _ => null,
        };
        return component.Processes.Count > 1 || what is not null
            ? $"{component.Component}{(what is null ? "" : $" ({what})")}, sum of {component.Processes.Count} processes"
            : component.Component;
    }

    public static void Row(StringBuilder text, string metric, string value, string goal, bool? met) =>
        text.AppendLine($"| {metric} | {value} | {goal} | {met switch { true => "yes", false => "**no**", null => "" }} |");

    private static TimeSpan Median(IReadOnlyList<TimeSpan> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    private static string Seconds(IReadOnlyList<TimeSpan> sorted) => sorted.Count == 1
        ? $"{sorted[0].TotalSeconds:0.00} s (1 run)"
        : $"{Median(sorted).TotalSeconds:0.00} s median of {sorted.Count} ({sorted[0].TotalSeconds:0.00}–{sorted[^1].TotalSeconds:0.00} s)";

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "n/a" : $"{milliseconds:0.0} ms";

    private static string Mb(long? kb) => kb is { } value ? $"{value / 1024.0:0.0} MB" : "n/a";
}

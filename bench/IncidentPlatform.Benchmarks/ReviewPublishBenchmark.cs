using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// Publishing a large review on the running platform: an incident with 200 timeline entries goes through Incidents to
/// Reviews, gets its analysis, and is published (Markdown, HTML and JSON rendered and stored, the knowledge base updated,
/// the event written) again and again with a change note, through the gateway and straight to the service.
/// </summary>
public static class ReviewPublishBenchmark
{
    public const double GoalMs = 100;
    private const int TimelineEntries = 200;
    private const int WarmUp = 3;
    private const int Repetitions = 50;

    public static async Task<string> RunAsync(AppHostProcess platform, TextWriter progress, CancellationToken cancellationToken)
    {
        var token = await DevTokens.MintAsync(platform, Guid.NewGuid(), "benchmark-publisher", "Benchmark Publisher", cancellationToken);
        using var gateway = KnowledgeSearchBenchmark.Client(platform.Gateway, token);
        using var direct = KnowledgeSearchBenchmark.Client(platform.ServiceEndpoint(ResourceNames.ReviewsApi), token);
        progress.WriteLine($"Publish: an incident with {TimelineEntries} timeline entries, resolved, its review written…");
        var reviewId = await LargeReviewAsync(gateway, cancellationToken);
        var html = await gateway.GetStringAsync($"api/reviews/{reviewId}/reports/1?format=html", cancellationToken);

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Publishing a review of {TimelineEntries} timeline entries");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"`POST /api/reviews/{{id}}/publish` with a change note, {Repetitions} sequential publishes per case after {WarmUp} warm-up, each after an edit of the summary (not timed): each renders the report (Markdown, HTML of {html.Length / 1024.0:0} KiB, JSON), stores the version, refreshes the knowledge-base entry among the reviews above and writes `ReviewPublished`, in one transaction.");
        text.AppendLine();
        text.AppendLine("| Via | p50 | p95 | p99 | Goal < 100 ms |");
        text.AppendLine("|---|---|---|---|---|");
        var run = 1;
        foreach (var (via, client) in new[] { ("gateway", gateway), ("service", direct) })
        {
            progress.WriteLine($"Publish: {Repetitions} publishes via {via}…");
            var samples = new List<double>();
            for (var i = 0; i < WarmUp + Repetitions; i++)
            {
                // A published version is immutable and republishing needs a change: edit the summary first (not measured).
                using var edited = await client.PutAsJsonAsync($"api/reviews/{reviewId}/analysis", Analysis(run), cancellationToken);
                await BenchmarkFailedException.ThrowIfRefusedAsync(edited, "edit the analysis", cancellationToken);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync($"api/reviews/{reviewId}/publish", new { changeNote = $"Benchmark run {run++}." }, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                await BenchmarkFailedException.ThrowIfRefusedAsync(response, "publish the review", cancellationToken);
                if (i >= WarmUp)
                {
                    samples.Add(elapsed);
                }
            }

            var sorted = samples.Order().ToArray();
            var p99 = LatencySummary.NearestRank(sorted, 0.99);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {via} | {LatencySummary.NearestRank(sorted, 0.5):0.0} ms | {LatencySummary.NearestRank(sorted, 0.95):0.0} ms | {p99:0.0} ms | {(p99 < GoalMs ? "met" : "**not met**")} |");
        }

        return text.ToString();
    }

    private static async Task<string> LargeReviewAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var incident = await PostAsync(client, "api/incidents", new
        {
            title = "Search latency above SLO during an index rebuild",
            severity = "SEV3",
            services = new[] { "search-api" },
            startedAt = "2025-05-06T10:00:00Z",
            detectedAt = "2025-05-06T10:05:00Z",
        }, cancellationToken);
        var incidentId = incident.GetProperty("id").GetString();
        var lines = Enumerable.Range(0, TimelineEntries).Select(i =>
        {
            var at = new TimeOnly(10, 0).AddMinutes(i);
            var what = (i % 4) switch
            {
                0 => $"Alert: p99 search latency at {900 + i} ms on shard {i % 12}",
                1 => $"Decision: move shard {i % 12} reads to the replica",
                2 => $"Error budget burn at {i % 9 + 1}x; the rebuild is {i / 2} % done",
                _ => $"Posted status update {i / 4} to the incident channel",
            };
            return $"{at:HH:mm} {what}";
        });
        await PostAsync(client, $"api/incidents/{incidentId}/timeline/import",
            new { format = "text", content = string.Join('\n', lines), baseDate = "2025-05-06", timeZone = "UTC" }, cancellationToken);
        await PostAsync(client, $"api/incidents/{incidentId}/resolve", new { at = "2025-05-06T14:00:00Z" }, cancellationToken);

        var reviewId = await EventuallyAsync(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"api/reviews?incidentId={incidentId}", cancellationToken);
            var items = page.GetProperty("items");
            return items.GetArrayLength() > 0 ? items[0].GetProperty("id").GetString() : null;
        }, "the draft review", cancellationToken);
        await EventuallyAsync(async () =>
        {
            var timeline = await client.GetFromJsonAsync<JsonElement>($"api/reviews/{reviewId}/timeline", cancellationToken);
            return timeline.GetArrayLength() == TimelineEntries ? "all" : null;
        }, $"Reviews to know the {TimelineEntries} timeline entries", cancellationToken);

        using var written = await client.PutAsJsonAsync($"api/reviews/{reviewId}/analysis", Analysis(edit: 0), cancellationToken);
        await BenchmarkFailedException.ThrowIfRefusedAsync(written, "write the analysis", cancellationToken);
        await PostAsync(client, $"api/reviews/{reviewId}/publish", new { }, cancellationToken);
        return reviewId!;
    }

    private static object Analysis(int edit) => new
    {
        summary = $"An index rebuild during peak traffic doubled search latency for four hours (edit {edit}).",
        fiveWhys = new[]
        {
            "Search latency doubled because the rebuild competed with queries for disk I/O.",
            "The rebuild ran at peak because rebuilds start when a schema change merges.",
            "Nothing schedules rebuilds off-peak because the tooling predates the traffic growth.",
        },
        contributingFactors = new[]
        {
            new { description = "Rebuilds start on merge, whatever the traffic.", category = "process", role = "trigger" },
            new { description = "Replicas could not take all reads of a shard.", category = "systems", role = "amplifier" },
        },
        wentWell = new[] { "Moving reads to replicas held latency under the SLO for most shards." },
        lessonsLearned = new[] { "Background work needs the same capacity planning as traffic." },
    };

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancellationToken);
        await BenchmarkFailedException.ThrowIfRefusedAsync(response, $"POST {path}", cancellationToken);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, string what, CancellationToken cancellationToken) where T : class
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (await read() is { } value)
            {
                return value;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new BenchmarkFailedException($"Timed out waiting for {what}.");
    }
}

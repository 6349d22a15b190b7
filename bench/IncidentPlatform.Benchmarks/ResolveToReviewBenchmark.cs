using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.Benchmarks;

/// <param name="ToReview">From sending the resolve request to the response of the first poll that shows the review.</param>
/// <param name="ResolveRequest">The resolve request alone (gateway → Incidents → commit with its outbox row).</param>
/// <param name="Polls">GET /api/reviews requests until one showed the review.</param>
/// <param name="TimedOut">Incidents whose review had not appeared after the bound.</param>
public sealed record ResolveToReviewResult(LatencySummary ToReview, LatencySummary ResolveRequest, double AveragePolls, int TimedOut, int WarmUp);

/// <summary>
/// How soon a resolved incident's draft review can be read through the gateway. Between the two lie
/// Incidents' outbox, the broker and Reviews' consumer. One incident at a time, so each sample measures
/// that path and not a queue behind it.
/// </summary>
public static class ResolveToReviewBenchmark
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // Declared and resolved like the end-to-end tests' incidents: a SEV1, which always gets a review.
    private const string StartedAt = "2025-06-02T08:00:00Z";
    private const string DetectedAt = "2025-06-02T08:04:00Z";
    private const string ResolvedAt = "2025-06-02T09:10:00Z";

    public static async Task<ResolveToReviewResult> RunAsync(AppHostProcess platform, int warmUp, int count, TextWriter progress, CancellationToken cancellationToken)
    {
        var token = await DevTokens.MintAsync(platform, Guid.NewGuid(), "benchmark-lead", "Benchmark Lead", cancellationToken);
        using var gateway = new HttpClient { BaseAddress = platform.Gateway, Timeout = TimeSpan.FromSeconds(10) };
        gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        progress.WriteLine($"Resolve → review: declaring {warmUp + count} incidents in a new org…");
        List<string> incidentIds = [];
        for (var i = 1; i <= warmUp + count; i++)
        {
            incidentIds.Add(await DeclareAsync(gateway, $"Benchmark incident {i}", cancellationToken));
        }

        // Let the IncidentDeclared events of the declarations drain before timing anything.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        progress.WriteLine($"Resolve → review: {warmUp} warm-up, then {count} measured, one at a time…");
        List<double> toReview = [];
        List<double> resolveRequest = [];
        var polls = 0;
        var timedOut = 0;
        for (var i = 0; i < incidentIds.Count; i++)
        {
            var sample = await MeasureAsync(gateway, incidentIds[i], cancellationToken);
            if (i < warmUp)
            {
                continue;
            }

            resolveRequest.Add(sample.ResolveRequest.TotalMilliseconds);
            polls += sample.Polls;
            if (sample.ToReview is { } latency)
            {
                toReview.Add(latency.TotalMilliseconds);
            }
            else
            {
                timedOut++;
            }
        }

        return new ResolveToReviewResult(LatencySummary.Of(toReview), LatencySummary.Of(resolveRequest), (double)polls / count, timedOut, warmUp);
    }

    private static async Task<(TimeSpan? ToReview, TimeSpan ResolveRequest, int Polls)> MeasureAsync(HttpClient gateway, string incidentId, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        using (var resolve = await gateway.PostAsJsonAsync($"api/incidents/{incidentId}/resolve", new { at = ResolvedAt }, cancellationToken))
        {
            await BenchmarkFailedException.ThrowIfRefusedAsync(resolve, "resolve an incident through the gateway", cancellationToken);
        }

        var resolveRequest = Stopwatch.GetElapsedTime(sent);
        for (var polls = 1; ; polls++)
        {
            using var response = await gateway.GetAsync($"api/reviews?incidentId={incidentId}", cancellationToken);
            await BenchmarkFailedException.ThrowIfRefusedAsync(response, "list the incident's reviews through the gateway", cancellationToken);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (page.GetProperty("items").GetArrayLength() > 0)
            {
                return (Stopwatch.GetElapsedTime(sent), resolveRequest, polls);
            }

            if (Stopwatch.GetElapsedTime(sent) > Bound)
            {
                return (null, resolveRequest, polls);
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task<string> DeclareAsync(HttpClient gateway, string title, CancellationToken cancellationToken)
    {
        using var response = await gateway.PostAsJsonAsync("api/incidents", new
        {
            title,
            severity = "SEV1",
            services = new[] { "payments-api" },
            startedAt = StartedAt,
            detectedAt = DetectedAt,
        }, cancellationToken);
        await BenchmarkFailedException.ThrowIfRefusedAsync(response, "declare an incident through the gateway", cancellationToken);
        var incident = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return incident.GetProperty("id").GetString()!;
    }
}

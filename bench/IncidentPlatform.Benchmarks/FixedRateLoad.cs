using System.Diagnostics;

namespace IncidentPlatform.Benchmarks;

/// <summary>Latencies of requests sent at a fixed rate, and how many failed.</summary>
public sealed record RateRun(LatencySummary Latency, int Requests, int Failures, double AchievedRate);

/// <summary>
/// An open-loop load: request i is due at i / rate seconds whether or not earlier ones have answered, and its latency
/// runs from when it was due. A slow server therefore shows as latency instead of silently lowering the rate
/// (no coordinated omission).
/// </summary>
public static class FixedRateLoad
{
    public static async Task<RateRun> RunAsync(int ratePerSecond, TimeSpan duration, Func<int, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var slice = await RunSliceAsync(ratePerSecond, duration, firstIndex: 0, send, cancellationToken);
        return Summarize([slice]);
    }

    /// <summary>
    /// Several loads measured in turns of <paramref name="slice"/> each, one load at a time, the order reversed every
    /// other turn (A B B A A B…). This machine's speed drifts within hours and within minutes, so two loads measured one
    /// after the other compared the moments as much as the loads (once a gateway measured at 0.82× the service behind
    /// it); in turns the drift weighs on every load alike.
    /// </summary>
    public static async Task<IReadOnlyList<RateRun>> RunInTurnsAsync(
        int ratePerSecond, TimeSpan slice, int turns, IReadOnlyList<Func<int, CancellationToken, Task<HttpResponseMessage>>> loads,
        CancellationToken cancellationToken)
    {
        var slices = loads.Select(_ => new List<Slice>()).ToArray();
        var perSlice = (int)(ratePerSecond * slice.TotalSeconds);
        for (var turn = 0; turn < turns; turn++)
        {
            var order = Enumerable.Range(0, loads.Count);
            foreach (var load in turn % 2 == 0 ? order : order.Reverse())
            {
                slices[load].Add(await RunSliceAsync(ratePerSecond, slice, turn * perSlice, loads[load], cancellationToken));
            }
        }

        return [.. slices.Select(Summarize)];
    }

    private sealed record Slice(IReadOnlyList<(double Milliseconds, bool Succeeded)> Results, TimeSpan Elapsed);

    private static RateRun Summarize(IReadOnlyList<Slice> slices)
    {
        var results = slices.SelectMany(s => s.Results).ToList();
        return new RateRun(
            LatencySummary.Of([.. results.Select(r => r.Milliseconds)]),
            results.Count,
            results.Count(r => !r.Succeeded),
            results.Count / slices.Sum(s => s.Elapsed.TotalSeconds));
    }

    /// <param name="firstIndex">The index of the slice's first request, so that requests of later slices differ from earlier ones.</param>
    private static async Task<Slice> RunSliceAsync(
        int ratePerSecond, TimeSpan duration, int firstIndex, Func<int, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var count = (int)(ratePerSecond * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        var requests = new List<Task<(double Milliseconds, bool Succeeded)>>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / ratePerSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            requests.Add(SendAsync(firstIndex + i, due));
        }

        var results = await Task.WhenAll(requests);
        return new Slice(results, Stopwatch.GetElapsedTime(start));

        async Task<(double, bool)> SendAsync(int index, TimeSpan due)
        {
            try
            {
                using var response = await send(index, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return ((Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds, response.IsSuccessStatusCode);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Refused, reset or timed out: a failure, and its latency so far still counts.
                return ((Stopwatch.GetElapsedTime(start) - due).TotalMilliseconds, false);
            }
        }
    }
}

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

            requests.Add(SendAsync(i, due));
        }

        var results = await Task.WhenAll(requests);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new RateRun(
            LatencySummary.Of([.. results.Select(r => r.Milliseconds)]),
            count,
            results.Count(r => !r.Succeeded),
            count / elapsed.TotalSeconds);

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

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// How fast this machine is at the moment: the same single-threaded computation, timed. This machine's speed drifts
/// (the same loop took 1.6 s and 2.7 s within an hour on 2026-12-07, and every figure of a run moved with it), so each
/// result file says how fast the machine was before and after its run, and two runs can be compared with that in mind.
/// </summary>
public static class MachineSpeedProbe
{
    private const int Runs = 3;
    private const long Iterations = 150_000_000;

    /// <summary>The median of three timings of a fixed loop (about 0.3 s on a quiet machine); higher is slower.</summary>
    public static TimeSpan Measure()
    {
        var timings = new List<TimeSpan>(Runs);
        for (var run = 0; run < Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            Sink = Spin(Iterations);
            timings.Add(Stopwatch.GetElapsedTime(started));
        }

        return timings.Order().ElementAt(Runs / 2);
    }

    /// <summary>The results' closing paragraph: the probe before and after the run.</summary>
    public static string Paragraph(TimeSpan before, TimeSpan after) => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.NewLine}Machine speed: a fixed single-threaded loop took {before.TotalMilliseconds:0} ms before this run and " +
        $"{after.TotalMilliseconds:0} ms after it (median of {Runs}; higher is slower). Compare runs made at similar speeds.{Environment.NewLine}");

    private static long Sink;

    // Optimized at once, so that no run times the JIT's first tier.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Spin(long iterations)
    {
        ulong state = 0x9E3779B97F4A7C15;
        long sum = 0;
        for (long i = 0; i < iterations; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            sum += (long)(state & 0xFF);
        }

        return sum;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// How fast this machine is at the moment: a fixed computation, timed on one core and then on every core at once. This
/// machine's speed drifts (the same loop took 1.6 s and 2.7 s within an hour on 2026-12-07, and every figure of a run
/// moved with it), and with both of its cores busy each can be far slower than one alone (1.85 and 2.65 s against 1.5 s
/// that morning), so each result file says how fast the machine was before and after its run.
/// </summary>
public static class MachineSpeedProbe
{
    private const int Runs = 3;
    private const long Iterations = 150_000_000;

    /// <param name="OneCore">The loop alone, median of three (about 0.26 s at the machine's usual speed).</param>
    /// <param name="AllCores">The loop on every core at once: the slowest one's time, median of three.</param>
    public sealed record Speed(TimeSpan OneCore, TimeSpan AllCores);

    public static Speed Measure() => new(
        Median(() => Time(() => Sink = Spin(Iterations))),
        Median(() => Time(() => Parallel.For(0, Environment.ProcessorCount,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ => Interlocked.Add(ref Sink, Spin(Iterations))))));

    /// <summary>The results' closing paragraph: the probe before and after the run.</summary>
    public static string Paragraph(Speed before, Speed after) => string.Create(CultureInfo.InvariantCulture,
        $"{Environment.NewLine}Machine speed (a fixed loop, median of {Runs}; higher is slower): one core {before.OneCore.TotalMilliseconds:0} ms " +
        $"before this run and {after.OneCore.TotalMilliseconds:0} ms after it; all {Environment.ProcessorCount} cores at once " +
        $"{before.AllCores.TotalMilliseconds:0} and {after.AllCores.TotalMilliseconds:0} ms. Compare runs made at similar speeds.{Environment.NewLine}");

    private static long Sink;

    private static TimeSpan Median(Func<TimeSpan> measure) =>
        Enumerable.Range(0, Runs).Select(_ => measure()).Order().ElementAt(Runs / 2);

    private static TimeSpan Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started);
    }

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

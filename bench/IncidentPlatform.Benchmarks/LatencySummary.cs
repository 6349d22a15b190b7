namespace IncidentPlatform.Benchmarks;

/// <summary>Percentiles of a set of durations in milliseconds (nearest rank: every value reported was observed).</summary>
public sealed record LatencySummary(int Count, double P50, double P90, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = milliseconds.Order().ToArray();
        return new LatencySummary(sorted.Length, NearestRank(sorted, 0.50), NearestRank(sorted, 0.90), NearestRank(sorted, 0.99), sorted[^1]);
    }

    /// <summary>The <paramref name="p"/> percentile (0–1) of values sorted ascending, by nearest rank.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

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
        double Percentile(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LatencySummary(sorted.Length, Percentile(0.50), Percentile(0.90), Percentile(0.99), sorted[^1]);
    }
}

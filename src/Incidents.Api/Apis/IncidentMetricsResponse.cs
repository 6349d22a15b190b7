using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Incidents.Apis;

/// <summary>Count, mean, median and p90 of one response metric, in minutes, over the incidents that have both of its steps.</summary>
public sealed record DurationStats(int Count, double? MeanMinutes, double? MedianMinutes, double? P90Minutes)
{
    public static readonly DurationStats None = new(0, null, null, null);
}

/// <summary>Incidents started in one week (Monday, UTC) or month; periods without incidents are listed with zeros.</summary>
public sealed record PeriodCount(DateOnly PeriodStart, int IncidentCount, int HighSeverityCount, int NearMissCount, double? MedianTimeToResolveMinutes);

public sealed record CountBy(string Value, int IncidentCount);

/// <param name="HighSeverityCount">SEV1 and SEV2.</param>
/// <param name="CustomerImpactingCount">Incidents whose recorded impact touched users or customers.</param>
/// <param name="OpenCount">Not resolved yet.</param>
/// <param name="TimeToDetect">From start to detection (MTTD is its mean).</param>
/// <param name="TimeToAcknowledge">From detection to acknowledgement (MTTA).</param>
/// <param name="TimeToMitigate">From detection to mitigation.</param>
/// <param name="TimeToResolve">From detection to resolution (MTTR).</param>
/// <param name="Duration">From start to resolution.</param>
public sealed record IncidentMetricsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    string Interval,
    int IncidentCount,
    int OpenCount,
    int HighSeverityCount,
    int CustomerImpactingCount,
    int NearMissCount,
    DurationStats TimeToDetect,
    DurationStats TimeToAcknowledge,
    DurationStats TimeToMitigate,
    DurationStats TimeToResolve,
    DurationStats Duration,
    IReadOnlyList<PeriodCount> ByPeriod,
    IReadOnlyList<CountBy> BySeverity,
    IReadOnlyList<CountBy> ByKind,
    IReadOnlyList<CountBy> ByService)
{
    public const int MaxServicesListed = 50;

    public static IncidentMetricsResponse Of(MetricsScope scope, string interval, MetricsRows rows)
    {
        var (totals, durations, periods, breakdowns) = (rows.Totals, rows.Durations, rows.Periods, rows.Breakdowns);
        DurationStats Stats(string metric) => durations.SingleOrDefault(d => d.Metric == metric) is { } row
            ? new DurationStats(row.Count, Round(row.Mean), Round(row.Median), Round(row.P90))
            : DurationStats.None;

        IReadOnlyList<CountBy> By(string dimension, Func<string, string> format) =>
        [
            .. breakdowns.Where(b => b.Dimension == dimension)
                .OrderByDescending(b => b.IncidentCount).ThenBy(b => b.Value, StringComparer.Ordinal)
                .Select(b => new CountBy(format(b.Value), b.IncidentCount)),
        ];

        return new IncidentMetricsResponse(
            scope.From, scope.To, interval,
            totals.IncidentCount, totals.OpenCount, totals.HighSeverityCount, totals.CustomerImpactingCount, totals.NearMissCount,
            Stats("timeToDetect"), Stats("timeToAcknowledge"), Stats("timeToMitigate"), Stats("timeToResolve"), Stats("duration"),
            EveryPeriod(scope, interval, periods),
            By("severity", value => SeverityNames.Format(Enum.Parse<Severity>(value))),
            By("kind", JsonNamingPolicy.CamelCase.ConvertName),
            [.. By("service", value => value).Take(MaxServicesListed)]);
    }

    /// <summary>Every week or month of the range, so a chart shows quiet periods as zeros rather than skipping them.</summary>
    private static List<PeriodCount> EveryPeriod(MetricsScope scope, string interval, List<PeriodRow> periods)
    {
        var counted = periods.ToDictionary(p => DateOnly.FromDateTime(p.PeriodStart));
        var result = new List<PeriodCount>();
        for (var start = MetricPeriods.StartOf(DateOnly.FromDateTime(scope.From.UtcDateTime), interval); start.ToDateTime(TimeOnly.MinValue) < scope.To.UtcDateTime; start = interval == "week" ? start.AddDays(7) : start.AddMonths(1))
        {
            result.Add(counted.TryGetValue(start, out var row)
                ? new PeriodCount(start, row.IncidentCount, row.HighSeverityCount, row.NearMissCount, Round(row.MedianTimeToResolve))
                : new PeriodCount(start, 0, 0, 0, null));
        }

        return result;
    }

    private static double? Round(double? minutes) => minutes is { } m ? Math.Round(m, 2) : null;
}

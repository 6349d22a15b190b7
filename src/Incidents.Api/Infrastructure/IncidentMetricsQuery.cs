using System.Buffers;
using System.Runtime.InteropServices;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>The incidents an org metrics query covers: started in [From, To), narrowed by the filters given.</summary>
public sealed record MetricsScope(Guid OrgId, DateTimeOffset From, DateTimeOffset To, string[] Severities, string[] Kinds, string[] Services);

public sealed record MetricsTotals(int IncidentCount, int OpenCount, int HighSeverityCount, int CustomerImpactingCount, int NearMissCount);

public sealed record DurationStatsRow(string Metric, int Count, double? Mean, double? Median, double? P90);

public sealed record PeriodRow(DateTime PeriodStart, int IncidentCount, int HighSeverityCount, int NearMissCount, double? MedianTimeToResolve);

public sealed record BreakdownRow(string Dimension, string Value, int IncidentCount);

public sealed record MetricsRows(MetricsTotals Totals, List<DurationStatsRow> Durations, List<PeriodRow> Periods, List<BreakdownRow> Breakdowns);

/// <summary>The periods the org metrics count by.</summary>
public static class MetricPeriods
{
    /// <summary>The first day of the week (from Monday, as PostgreSQL's date_trunc has it) or month of a UTC day.</summary>
    public static DateOnly StartOf(DateOnly day, string interval) =>
        interval == "week" ? day.AddDays(-(((int)day.DayOfWeek + 6) % 7)) : new DateOnly(day.Year, day.Month, 1);
}

/// <summary>
/// Org-wide response metrics, exact: the org's metric segments of the range (<see cref="IncidentMetricSegments"/>, one
/// packed row per month) are filtered and counted here in one pass, and the percentiles are PostgreSQL's
/// <c>percentile_cont</c> (linear interpolation between the two nearest values).
/// </summary>
public static class IncidentMetricsQuery
{
    /// <summary>In the order of <see cref="IncidentMetricSegment.ResponseTimes"/>.</summary>
    private static readonly string[] Metrics = ["timeToDetect", "timeToAcknowledge", "timeToMitigate", "timeToResolve", "duration"];
    private const int TimeToResolve = 3;
    private const int Duration = 4;
    private const string Unclassified = "Unclassified";

    public static async Task<MetricsRows> RunAsync(IncidentsDbContext db, IncidentMetricSegments segmentStore, MetricsScope scope, string interval, CancellationToken cancellationToken)
    {
        var segments = await segmentStore.ReadAsync(db, scope.OrgId, scope.From, scope.To, cancellationToken);
        using var tally = new Tally(scope, interval, segments.Sum(s => s.Count));
        foreach (var segment in segments)
        {
            tally.Add(segment);
        }

        return tally.ToRows();
    }

    private sealed class Period(DateOnly start)
    {
        public readonly DateOnly Start = start;
        public int Count;
        public int HighSeverity;
        public int NearMiss;
        public readonly List<double> TimesToResolve = [];
    }

    /// <summary>Counts as it reads; the response times go to pooled buffers as large as the incidents read.</summary>
    private sealed class Tally(MetricsScope scope, string interval, int capacity) : IDisposable
    {
        private readonly double[][] values = [.. Metrics.Select(_ => ArrayPool<double>.Shared.Rent(capacity))];
        private readonly int[] valueCounts = new int[Metrics.Length];
        private readonly double[] sums = new double[Metrics.Length];
        private readonly Dictionary<DateOnly, Period> periods = [];
        private readonly Dictionary<string, int> severities = [];
        private readonly Dictionary<string, int> kinds = [];
        private readonly Dictionary<string, int> services = new(StringComparer.Ordinal);
        private int count, open, highSeverity, customerImpacting, nearMiss;

        public void Add(IncidentMetricSegment segment)
        {
            // The range as seconds into the segment's month: an incident is in it exactly when its instant is.
            var monthStart = segment.MonthStart;
            // PostgreSQL keeps microseconds: so are the range's ends compared.
            var fromSeconds = Microseconds(scope.From - monthStart) / 1e6;
            var toSeconds = Microseconds(scope.To - monthStart) / 1e6;
            var wantedSeverity = Wanted(segment.SeverityNames, scope.Severities);
            var wantedKind = Wanted(segment.KindNames, scope.Kinds);
            bool[]? ofWantedService = null;
            if (scope.Services.Length > 0)
            {
                var wantedService = Wanted(segment.ServiceNames, scope.Services)!;
                ofWantedService = new bool[segment.Count];
                var incidentsOf = segment.OccurrenceIncidents;
                var servicesOf = segment.OccurrenceServices;
                for (var k = 0; k < incidentsOf.Length; k++)
                {
                    ofWantedService[incidentsOf[k]] |= wantedService[servicesOf[k]];
                }
            }

            var highCodes = Codes(segment.SeverityNames, nameof(Severity.Sev1), nameof(Severity.Sev2));
            var nearMissCode = Array.IndexOf(segment.KindNames, nameof(IncidentKind.NearMiss)) + 1;
            var bySeverity = new int[segment.SeverityNames.Length + 1];
            var byKind = new int[segment.KindNames.Length + 1];
            var periodOfDay = new Period?[32];
            var counted = new bool[segment.Count];
            var started = segment.StartedSeconds;
            var severityCodes = segment.Severities;
            var kindCodes = segment.Kinds;
            var impacting = segment.CustomerImpacting;
            var timesToResolve = segment.ResponseTimes(TimeToResolve);
            var durations = segment.ResponseTimes(Duration);
            for (var i = 0; i < segment.Count; i++)
            {
                var severity = severityCodes[i];
                var kind = kindCodes[i];
                if (started[i] < fromSeconds || started[i] >= toSeconds
                    || (wantedSeverity is not null && !wantedSeverity[severity])
                    || (wantedKind is not null && !wantedKind[kind])
                    || (ofWantedService is not null && !ofWantedService[i]))
                {
                    continue;
                }

                counted[i] = true;
                var isHigh = highCodes[severity];
                var isNearMiss = kind == nearMissCode;
                count++;
                highSeverity += isHigh ? 1 : 0;
                nearMiss += isNearMiss ? 1 : 0;
                customerImpacting += impacting[i] != 0 ? 1 : 0;
                open += double.IsNaN(durations[i]) ? 1 : 0;
                bySeverity[severity]++;
                byKind[kind]++;
                var day = (int)(started[i] / 86_400);
                var period = periodOfDay[day] ??= PeriodOf(segment.Month.AddDays(day));
                period.Count++;
                period.HighSeverity += isHigh ? 1 : 0;
                period.NearMiss += isNearMiss ? 1 : 0;
                if (!double.IsNaN(timesToResolve[i]))
                {
                    period.TimesToResolve.Add(timesToResolve[i]);
                }
            }

            for (var m = 0; m < Metrics.Length; m++)
            {
                var times = segment.ResponseTimes(m);
                var (buffer, n, sum) = (values[m], valueCounts[m], 0.0);
                for (var i = 0; i < times.Length; i++)
                {
                    if (counted[i] && !double.IsNaN(times[i]))
                    {
                        buffer[n++] = times[i];
                        sum += times[i];
                    }
                }

                (valueCounts[m], sums[m]) = (n, sums[m] + sum);
            }

            var byService = new int[segment.ServiceNames.Length + 1];
            var occurrenceIncidents = segment.OccurrenceIncidents;
            var occurrenceServices = segment.OccurrenceServices;
            for (var k = 0; k < occurrenceIncidents.Length; k++)
            {
                byService[occurrenceServices[k]] += counted[occurrenceIncidents[k]] ? 1 : 0;
            }

            AddCounts(severities, segment.SeverityNames, bySeverity, unnamed: null);
            AddCounts(kinds, segment.KindNames, byKind, unnamed: Unclassified);
            AddCounts(services, segment.ServiceNames, byService, unnamed: null);
        }

        public MetricsRows ToRows()
        {
            var durations = new List<DurationStatsRow>();
            for (var m = 0; m < Metrics.Length; m++)
            {
                var n = valueCounts[m];
                if (n == 0)
                {
                    durations.Add(new DurationStatsRow(Metrics[m], 0, null, null, null));
                    continue;
                }

                var (median, p90) = ContinuousPercentile.Of(values[m].AsSpan(0, n), 0.5, 0.9);
                durations.Add(new DurationStatsRow(Metrics[m], n, sums[m] / n, median, p90));
            }

            var periodRows = periods.Values.OrderBy(p => p.Start).Select(p => new PeriodRow(
                p.Start.ToDateTime(TimeOnly.MinValue), p.Count, p.HighSeverity, p.NearMiss,
                p.TimesToResolve.Count == 0 ? null : ContinuousPercentile.Of(CollectionsMarshal.AsSpan(p.TimesToResolve), 0.5))).ToList();
            List<BreakdownRow> breakdowns =
            [
                .. severities.Select(s => new BreakdownRow("severity", s.Key, s.Value)),
                .. kinds.Select(k => new BreakdownRow("kind", k.Key, k.Value)),
                .. services.Select(s => new BreakdownRow("service", s.Key, s.Value)),
            ];
            return new MetricsRows(new MetricsTotals(count, open, highSeverity, customerImpacting, nearMiss), durations, periodRows, breakdowns);
        }

        public void Dispose()
        {
            foreach (var buffer in values)
            {
                ArrayPool<double>.Shared.Return(buffer);
            }
        }

        private static double Microseconds(TimeSpan span) => Math.Floor(span.Ticks / (double)TimeSpan.TicksPerMicrosecond);

        private Period PeriodOf(DateOnly day)
        {
            var start = MetricPeriods.StartOf(day, interval);
            if (!periods.TryGetValue(start, out var period))
            {
                periods[start] = period = new Period(start);
            }

            return period;
        }

        /// <summary>Which codes (1-based into <paramref name="names"/>, 0 for none) are asked for; null when nothing is filtered.</summary>
        private static bool[]? Wanted(string[] names, string[] wanted) => wanted.Length == 0 ? null : Codes(names, wanted);

        private static bool[] Codes(string[] names, params string[] wanted)
        {
            var codes = new bool[names.Length + 1];
            for (var i = 0; i < names.Length; i++)
            {
                codes[i + 1] = wanted.Contains(names[i], StringComparer.Ordinal);
            }

            return codes;
        }

        private static void AddCounts(Dictionary<string, int> totals, string[] names, int[] counts, string? unnamed)
        {
            for (var code = 0; code < counts.Length; code++)
            {
                if (counts[code] > 0 && (code > 0 ? names[code - 1] : unnamed) is { } name)
                {
                    totals[name] = totals.GetValueOrDefault(name) + counts[code];
                }
            }
        }
    }
}

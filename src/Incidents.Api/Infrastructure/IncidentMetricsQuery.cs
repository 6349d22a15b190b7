using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>The incidents an org metrics query covers: started in [From, To), narrowed by the filters given.</summary>
public sealed record MetricsScope(Guid OrgId, DateTimeOffset From, DateTimeOffset To, string[] Severities, string[] Kinds, string[] Services);

public sealed record MetricsTotalsRow(int IncidentCount, int OpenCount, int HighSeverityCount, int CustomerImpactingCount, int NearMissCount);

public sealed record DurationStatsRow(string Metric, int Count, double? Mean, double? Median, double? P90);

public sealed record PeriodRow(DateTime PeriodStart, int IncidentCount, int HighSeverityCount, int NearMissCount, double? MedianTimeToResolve);

public sealed record BreakdownRow(string Dimension, string Value, int IncidentCount);

/// <summary>
/// Org-wide response metrics in SQL, so 100,000 incidents are aggregated where they are stored. Raw SQL bypasses
/// the org query filter, so every query scopes by org id itself (the scope CTE is the only way in).
/// </summary>
public static class IncidentMetricsQuery
{
    public static async Task<(MetricsTotalsRow Totals, List<DurationStatsRow> Durations, List<PeriodRow> Periods, List<BreakdownRow> Breakdowns)> RunAsync(
        IncidentsDbContext db, MetricsScope scope, string interval, CancellationToken cancellationToken)
    {
        // One connection for the four statements; they read the same index range.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var totals = await db.Database.SqlQueryRaw<MetricsTotalsRow>(ScopedSql + """

                SELECT count(*)::int AS incident_count,
                       count(*) FILTER (WHERE resolved_at IS NULL)::int AS open_count,
                       count(*) FILTER (WHERE severity IN ('Sev1', 'Sev2'))::int AS high_severity_count,
                       count(*) FILTER (WHERE coalesce((impact ->> 'isCustomerImpacting')::boolean, false))::int AS customer_impacting_count,
                       count(*) FILTER (WHERE kind = 'NearMiss')::int AS near_miss_count
                FROM scoped
                """, Parameters(scope, interval)).SingleAsync(cancellationToken);

            var durations = await db.Database.SqlQueryRaw<DurationStatsRow>(ScopedSql + """

                SELECT m.metric, count(m.minutes)::int AS count, avg(m.minutes)::float8 AS mean,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY m.minutes) AS median,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY m.minutes) AS p90
                FROM scoped s
                CROSS JOIN LATERAL (VALUES
                    ('timeToDetect', extract(epoch FROM s.detected_at - s.started_at)::float8 / 60),
                    ('timeToAcknowledge', extract(epoch FROM s.acknowledged_at - s.detected_at)::float8 / 60),
                    ('timeToMitigate', extract(epoch FROM s.mitigated_at - s.detected_at)::float8 / 60),
                    ('timeToResolve', extract(epoch FROM s.resolved_at - s.detected_at)::float8 / 60),
                    ('duration', extract(epoch FROM s.resolved_at - s.started_at)::float8 / 60)) AS m(metric, minutes)
                GROUP BY m.metric
                """, Parameters(scope, interval)).ToListAsync(cancellationToken);

            var periods = await db.Database.SqlQueryRaw<PeriodRow>(ScopedSql + """

                SELECT date_trunc(@interval, started_at AT TIME ZONE 'UTC') AS period_start,
                       count(*)::int AS incident_count,
                       count(*) FILTER (WHERE severity IN ('Sev1', 'Sev2'))::int AS high_severity_count,
                       count(*) FILTER (WHERE kind = 'NearMiss')::int AS near_miss_count,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - detected_at)::float8 / 60) AS median_time_to_resolve
                FROM scoped
                GROUP BY 1
                ORDER BY 1
                """, Parameters(scope, interval)).ToListAsync(cancellationToken);

            var breakdowns = await db.Database.SqlQueryRaw<BreakdownRow>(ScopedSql + """

                SELECT 'severity' AS dimension, severity AS value, count(*)::int AS incident_count FROM scoped GROUP BY severity
                UNION ALL
                SELECT 'kind', coalesce(kind, 'Unclassified'), count(*)::int FROM scoped GROUP BY kind
                UNION ALL
                SELECT 'service', service, count(*)::int FROM scoped, unnest(services) AS service GROUP BY service
                """, Parameters(scope, interval)).ToListAsync(cancellationToken);

            return (totals, durations, periods, breakdowns);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The only way into the data: the caller's org, the date range and the filters (an empty filter is no filter).</summary>
    private const string ScopedSql = """
        WITH scoped AS (
            SELECT * FROM incidents
            WHERE org_id = @org AND started_at >= @from AND started_at < @to
              AND (cardinality(@severities) = 0 OR severity = ANY(@severities))
              AND (cardinality(@kinds) = 0 OR kind = ANY(@kinds))
              AND (cardinality(@services) = 0 OR services && @services))
        """;

    private static object[] Parameters(MetricsScope scope, string interval) =>
    [
        new NpgsqlParameter<Guid>("org", scope.OrgId),
        new NpgsqlParameter<DateTimeOffset>("from", scope.From.ToUniversalTime()),
        new NpgsqlParameter<DateTimeOffset>("to", scope.To.ToUniversalTime()),
        new NpgsqlParameter<string[]>("severities", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Severities },
        new NpgsqlParameter<string[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Kinds },
        new NpgsqlParameter<string[]>("services", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Services },
        new NpgsqlParameter<string>("interval", interval),
    ];
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>The incidents an org metrics query covers: started in [From, To), narrowed by the filters given.</summary>
public sealed record MetricsScope(Guid OrgId, DateTimeOffset From, DateTimeOffset To, string[] Severities, string[] Kinds, string[] Services);

public sealed record MetricsTotals(int IncidentCount, int OpenCount, int HighSeverityCount, int CustomerImpactingCount, int NearMissCount);

public sealed record DurationStatsRow(string Metric, int Count, double? Mean, double? Median, double? P90);

public sealed record PeriodRow(DateTime PeriodStart, int IncidentCount, int HighSeverityCount, int NearMissCount, double? MedianTimeToResolve);

public sealed record BreakdownRow(string Dimension, string Value, int IncidentCount);

public sealed record MetricsRows(MetricsTotals Totals, List<DurationStatsRow> Durations, List<PeriodRow> Periods, List<BreakdownRow> Breakdowns);

/// <summary>
/// Org-wide response metrics in SQL, where the incidents are: three statements, run at once on their own connections,
/// each an index-only scan of the org's date range (the covering index holds the stored response times). Raw SQL
/// bypasses the org query filter, so every statement scopes by org id itself (<see cref="Where"/> is the only way in).
/// </summary>
public static class IncidentMetricsQuery
{
    private static readonly string[] Metrics = ["timeToDetect", "timeToAcknowledge", "timeToMitigate", "timeToResolve", "duration"];
    private static readonly string[] MetricColumns = [.. IncidentsDbContext.ResponseTimeColumns.Select(c => ToSnakeCase(c.Property))];

    private const string Where = """
        WHERE org_id = @org AND started_at >= @from AND started_at < @to
          AND (cardinality(@severities) = 0 OR severity = ANY(@severities))
          AND (cardinality(@kinds) = 0 OR kind = ANY(@kinds))
          AND (cardinality(@services) = 0 OR services && @services)
        """;

    public static async Task<MetricsRows> RunAsync(IncidentsDbContext db, MetricsScope scope, string interval, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var totals = QueryAsync(connectionString, TotalsSql, scope, interval, ReadTotalsAndDurations, cancellationToken);
        var periods = QueryAsync(connectionString, PeriodsAndBreakdownsSql, scope, interval, ReadPeriodsAndBreakdowns, cancellationToken);
        var services = QueryAsync(connectionString, ServicesSql, scope, interval, ReadServices, cancellationToken);
        await Task.WhenAll(totals, periods, services);

        var (totalCounts, durations) = await totals;
        var (periodRows, breakdowns) = await periods;
        return new MetricsRows(totalCounts, durations, periodRows, [.. breakdowns, .. await services]);
    }

    private static readonly string TotalsSql = $"""
        SELECT count(*)::int,
               count(*) FILTER (WHERE resolved_at IS NULL)::int,
               count(*) FILTER (WHERE severity IN ('Sev1', 'Sev2'))::int,
               count(*) FILTER (WHERE is_customer_impacting)::int,
               count(*) FILTER (WHERE kind = 'NearMiss')::int,
               {string.Join(",\n       ", MetricColumns.Select(c => $"count({c})::int, avg({c}), percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY {c})"))}
        FROM incidents
        {Where}
        """;

    private static readonly string PeriodsAndBreakdownsSql = $"""
        SELECT date_trunc(@interval, started_at AT TIME ZONE 'UTC') AS period_start, severity, coalesce(kind, 'Unclassified') AS kind,
               GROUPING(date_trunc(@interval, started_at AT TIME ZONE 'UTC'))::int AS no_period, GROUPING(severity)::int AS no_severity,
               count(*)::int,
               count(*) FILTER (WHERE severity IN ('Sev1', 'Sev2'))::int,
               count(*) FILTER (WHERE kind = 'NearMiss')::int,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY time_to_resolve_minutes)
        FROM incidents
        {Where}
        GROUP BY GROUPING SETS ((date_trunc(@interval, started_at AT TIME ZONE 'UTC')), (severity), (coalesce(kind, 'Unclassified')))
        """;

    private static readonly string ServicesSql = $"""
        SELECT service, count(*)::int
        FROM incidents, unnest(services) AS service
        {Where}
        GROUP BY service
        """;

    private static async Task<T> QueryAsync<T>(
        string connectionString, string sql, MetricsScope scope, string interval, Func<NpgsqlDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The percentiles sort every response time of the range; let them sort in memory rather than spill to disk.
        await using (var workMem = new NpgsqlCommand("SET LOCAL work_mem = '64MB'", connection, transaction))
        {
            await workMem.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("org", scope.OrgId));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", scope.From.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", scope.To.ToUniversalTime()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("severities", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Severities });
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Kinds });
        command.Parameters.Add(new NpgsqlParameter<string[]>("services", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = scope.Services });
        command.Parameters.Add(new NpgsqlParameter<string>("interval", interval));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await read(reader);
    }

    private static async Task<(MetricsTotals, List<DurationStatsRow>)> ReadTotalsAndDurations(NpgsqlDataReader reader)
    {
        await reader.ReadAsync();
        var totals = new MetricsTotals(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        var durations = new List<DurationStatsRow>();
        for (var i = 0; i < Metrics.Length; i++)
        {
            var column = 5 + (i * 3);
            var percentiles = reader.IsDBNull(column + 2) ? null : reader.GetFieldValue<double[]>(column + 2);
            durations.Add(new DurationStatsRow(
                Metrics[i], reader.GetInt32(column), reader.IsDBNull(column + 1) ? null : reader.GetDouble(column + 1), percentiles?[0], percentiles?[1]));
        }

        return (totals, durations);
    }

    private static async Task<(List<PeriodRow>, List<BreakdownRow>)> ReadPeriodsAndBreakdowns(NpgsqlDataReader reader)
    {
        var periods = new List<PeriodRow>();
        var breakdowns = new List<BreakdownRow>();
        while (await reader.ReadAsync())
        {
            var count = reader.GetInt32(5);
            if (reader.GetInt32(3) == 0)
            {
                periods.Add(new PeriodRow(reader.GetDateTime(0), count, reader.GetInt32(6), reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetDouble(8)));
            }
            else if (reader.GetInt32(4) == 0)
            {
                breakdowns.Add(new BreakdownRow("severity", reader.GetString(1), count));
            }
            else
            {
                breakdowns.Add(new BreakdownRow("kind", reader.GetString(2), count));
            }
        }

        return (periods, breakdowns);
    }

    private static async Task<List<BreakdownRow>> ReadServices(NpgsqlDataReader reader)
    {
        var services = new List<BreakdownRow>();
        while (await reader.ReadAsync())
        {
            services.Add(new BreakdownRow("service", reader.GetString(0), reader.GetInt32(1)));
        }

        return services;
    }

    private static string ToSnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

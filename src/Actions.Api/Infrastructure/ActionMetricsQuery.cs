using IncidentPlatform.Actions.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IncidentPlatform.Actions.Infrastructure;

/// <summary>Which items a metrics report covers: the org, the period, and optional service, team and priority filters.</summary>
public sealed record ActionMetricsScope(Guid OrgId, DateTimeOffset From, DateTimeOffset To, DateOnly Today, string? Service, string? Team, ActionPriority? Priority);

/// <summary>Completion within deadline of the items due in the period, overall or for one service or team.</summary>
public sealed record CompletionRow(string? Name, int DueItems, int CompletedOnTime, int OverdueNow);

public sealed record ActionMetricsRows(
    int ItemsCreated,
    int Reviews,
    int Prevent,
    int Detect,
    int Mitigate,
    CompletionRow Completion,
    int Closed,
    double? MedianDaysToClose,
    double? P90DaysToClose,
    IReadOnlyDictionary<string, int> OverdueByPriority,
    IReadOnlyList<CompletionRow> ByService,
    IReadOnlyList<CompletionRow> ByTeam,
    IReadOnlyList<RepeatEffectRow> Effect);

/// <summary>
/// Incidents of a service (reviews opened) in the <see cref="ActionMetricsQuery.EffectWindowDays"/> days before its latest
/// completed action and since then (up to as many days).
/// </summary>
public sealed record RepeatEffectRow(string Service, int CompletedActions, DateTimeOffset LastCompletedAt, int IncidentsBefore, int IncidentsAfter, int DaysAfter);

/// <summary>The org's action metrics in a few index-backed aggregate queries (created-in-period, due-in-period, open now).</summary>
public static class ActionMetricsQuery
{
    public const int EffectWindowDays = 90;

    // The filters every query shares; the item table is aliased a.
    private const string Filters = """
        a.org_id = @org
        AND (@service::text IS NULL OR @service = ANY(a.services))
        AND (@team::text IS NULL OR a.secondary_owner_team = @team)
        AND (@priority::text IS NULL OR a.priority = @priority)
        """;

    public static async Task<ActionMetricsRows> RunAsync(ActionsDbContext db, ActionMetricsScope scope, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand { Connection = (NpgsqlConnection)db.Database.GetDbConnection() };
            command.Parameters.AddWithValue("org", scope.OrgId);
            command.Parameters.AddWithValue("from", scope.From);
            command.Parameters.AddWithValue("to", scope.To);
            command.Parameters.AddWithValue("fromDate", DateOnly.FromDateTime(scope.From.UtcDateTime));
            command.Parameters.AddWithValue("toDate", DateOnly.FromDateTime(scope.To.UtcDateTime));
            command.Parameters.AddWithValue("today", scope.Today);
            command.Parameters.Add(new NpgsqlParameter("service", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)scope.Service ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("team", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)scope.Team ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("priority", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)scope.Priority?.ToString() ?? DBNull.Value });
            command.Parameters.AddWithValue("window", EffectWindowDays);

            command.CommandText = $"""
                SELECT count(*), count(DISTINCT a.review_id),
                       count(*) FILTER (WHERE a.type = 'Prevent'), count(*) FILTER (WHERE a.type = 'Detect'), count(*) FILTER (WHERE a.type = 'Mitigate')
                FROM action_items a
                WHERE {Filters} AND a.created_at >= @from AND a.created_at < @to AND a.status <> 'WontDo'
                """;
            var (created, reviews, prevent, detect, mitigate) = await SingleRowAsync(command, r => ((int)r.GetInt64(0), (int)r.GetInt64(1), (int)r.GetInt64(2), (int)r.GetInt64(3), (int)r.GetInt64(4)), cancellationToken);

            command.CommandText = $"""
                SELECT count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.done_at - a.created_at) / 86400),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.done_at - a.created_at) / 86400)
                FROM action_items a
                WHERE {Filters} AND a.done_at >= @from AND a.done_at < @to
                """;
            var (closed, median, p90) = await SingleRowAsync(command, r => ((int)r.GetInt64(0), r.IsDBNull(1) ? (double?)null : r.GetDouble(1), r.IsDBNull(2) ? (double?)null : r.GetDouble(2)), cancellationToken);

            // Items due in the period whose due date has come: done on or before it, or not.
            const string completion = """
                count(*) AS due_items,
                count(*) FILTER (WHERE a.done_at IS NOT NULL AND a.done_at::date <= a.due_date) AS on_time,
                count(*) FILTER (WHERE a.status IN ('Open', 'InProgress')) AS overdue_now
                """;
            const string dueInPeriod = "a.due_date >= @fromDate AND a.due_date < @toDate AND a.due_date < @today AND a.status <> 'WontDo'";
            command.CommandText = $"""
                SELECT NULL, {completion} FROM action_items a WHERE {Filters} AND {dueInPeriod}
                """;
            var overall = (await RowsAsync(command, Completion, cancellationToken)).Single();
            command.CommandText = $"""
                SELECT service, {completion} FROM action_items a CROSS JOIN LATERAL unnest(a.services) AS service
                WHERE {Filters} AND {dueInPeriod} GROUP BY service ORDER BY count(*) DESC, service LIMIT 50
                """;
            var byService = await RowsAsync(command, Completion, cancellationToken);
            command.CommandText = $"""
                SELECT COALESCE(a.secondary_owner_team, ''), {completion} FROM action_items a
                WHERE {Filters} AND {dueInPeriod} GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 50
                """;
            var byTeam = await RowsAsync(command, Completion, cancellationToken);

            command.CommandText = $"""
                SELECT a.priority, count(*) FROM action_items a
                WHERE {Filters} AND a.status IN ('Open', 'InProgress') AND a.due_date < @today
                GROUP BY a.priority
                """;
            var overdue = (await RowsAsync(command, r => (r.GetString(0), (int)r.GetInt64(1)), cancellationToken)).ToDictionary(p => p.Item1, p => p.Item2);

            // For each service with actions completed in the period: incidents before its latest completion vs since.
            command.CommandText = $"""
                WITH completed AS (
                    SELECT service, count(*) AS actions, max(a.done_at) AS last_done
                    FROM action_items a CROSS JOIN LATERAL unnest(a.services) AS service
                    WHERE {Filters} AND a.done_at >= @from AND a.done_at < @to
                    GROUP BY service ORDER BY count(*) DESC, service LIMIT 20
                )
                SELECT c.service, c.actions, c.last_done,
                       (SELECT count(*) FROM known_reviews r WHERE r.org_id = @org AND c.service = ANY(r.services)
                          AND r.opened_at >= c.last_done - make_interval(days => @window) AND r.opened_at < c.last_done),
                       (SELECT count(*) FROM known_reviews r WHERE r.org_id = @org AND c.service = ANY(r.services)
                          AND r.opened_at >= c.last_done AND r.opened_at < c.last_done + make_interval(days => @window)),
                       LEAST(@window, GREATEST(0, @today - c.last_done::date))
                FROM completed c ORDER BY c.actions DESC, c.service
                """;
            var effect = await RowsAsync(command, r => new RepeatEffectRow(
                r.GetString(0), (int)r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2), (int)r.GetInt64(3), (int)r.GetInt64(4), r.GetInt32(5)), cancellationToken);

            return new ActionMetricsRows(
                created, reviews, prevent, detect, mitigate, overall, closed, median, p90, overdue,
                byService, [.. byTeam.Select(t => t with { Name = t.Name is "" ? null : t.Name })], effect);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static CompletionRow Completion(NpgsqlDataReader row) =>
        new(row.IsDBNull(0) ? null : row.GetString(0), (int)row.GetInt64(1), (int)row.GetInt64(2), (int)row.GetInt64(3));

    private static async Task<T> SingleRowAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        (await RowsAsync(command, read, cancellationToken)).Single();

    private static async Task<List<T>> RowsAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

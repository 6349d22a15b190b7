using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Persistence;
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

/// <summary>The org's action metrics in four aggregate queries: one pass for the org and its teams, one per service, overdue now, and the repeat effect.</summary>
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
        // Read-only, in one transaction so that parallel query can be turned off for it alone: on a few cores, starting
        // workers costs more (tens of ms per statement, measured) than the scans of one org's items they would share.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "SET LOCAL max_parallel_workers_per_gather = 0", (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
            await command.ExecuteNonQueryAsync(cancellationToken);
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

            // One pass over the org's items that count for anything in the report, for the whole org and per team:
            // created in the period, closed in it, due in it (and already due), and overdue now.
            command.CommandText = $"""
                SELECT GROUPING(a.secondary_owner_team) = 1 AS whole_org, COALESCE(a.secondary_owner_team, ''),
                       count(*) FILTER (WHERE a.created), count(DISTINCT a.review_id) FILTER (WHERE a.created),
                       count(*) FILTER (WHERE a.created AND a.type = 'Prevent'), count(*) FILTER (WHERE a.created AND a.type = 'Detect'),
                       count(*) FILTER (WHERE a.created AND a.type = 'Mitigate'),
                       count(*) FILTER (WHERE a.closed),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.done_at - a.created_at) / 86400) FILTER (WHERE a.closed),
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM a.done_at - a.created_at) / 86400) FILTER (WHERE a.closed),
                       {Completion("a.due")}
                FROM (
                    SELECT a.*,
                           a.created_at >= @from AND a.created_at < @to AND a.status <> 'WontDo' AS created,
                           COALESCE(a.done_at >= @from AND a.done_at < @to, false) AS closed,
                           {DueInPeriod} AS due
                    FROM action_items a
                    WHERE {Filters}
                      AND ((a.created_at >= @from AND a.created_at < @to) OR (a.done_at >= @from AND a.done_at < @to)
                           OR (a.due_date >= @fromDate AND a.due_date < @toDate))
                ) a
                GROUP BY GROUPING SETS ((), (a.secondary_owner_team))
                """;
            var rows = await command.ReadAllAsync(r => (
                WholeOrg: r.GetBoolean(0),
                Team: new CompletionRow(r.GetString(1) is "" ? null : r.GetString(1), (int)r.GetInt64(10), (int)r.GetInt64(11), (int)r.GetInt64(12)),
                Created: (int)r.GetInt64(2), Reviews: (int)r.GetInt64(3), Prevent: (int)r.GetInt64(4), Detect: (int)r.GetInt64(5), Mitigate: (int)r.GetInt64(6),
                Closed: (int)r.GetInt64(7), Median: r.IsDBNull(8) ? (double?)null : r.GetDouble(8), P90: r.IsDBNull(9) ? (double?)null : r.GetDouble(9)),
                cancellationToken);
            var org = rows.Single(r => r.WholeOrg);
            var byTeam = rows.Where(r => !r.WholeOrg && r.Team.DueItems > 0)
                .OrderByDescending(r => r.Team.DueItems).ThenBy(r => r.Team.Name, StringComparer.Ordinal).Take(50).Select(r => r.Team).ToList();

            command.CommandText = $"""
                SELECT service, {Completion("true")} FROM action_items a CROSS JOIN LATERAL unnest(a.services) AS service
                WHERE {Filters} AND {DueInPeriod} GROUP BY service ORDER BY count(*) DESC, service LIMIT 50
                """;
            var byService = await command.ReadAllAsync(r => new CompletionRow(r.GetString(0), (int)r.GetInt64(1), (int)r.GetInt64(2), (int)r.GetInt64(3)), cancellationToken);

            // Overdue now, whatever the period: its own index range (org, status, due date).
            command.CommandText = $"""
                SELECT a.priority, count(*) FROM action_items a
                WHERE {Filters} AND a.status IN ('Open', 'InProgress') AND a.due_date < @today
                GROUP BY a.priority
                """;
            var overdue = (await command.ReadAllAsync(r => (r.GetString(0), (int)r.GetInt64(1)), cancellationToken)).ToDictionary(p => p.Item1, p => p.Item2);

            // For each service with actions completed in the period: incidents (reviews opened) before its latest
            // completion and since, counted in one pass over the org's reviews of the window.
            command.CommandText = $"""
                WITH completed AS (
                    SELECT service, count(*) AS actions, max(a.done_at) AS last_done
                    FROM action_items a CROSS JOIN LATERAL unnest(a.services) AS service
                    WHERE {Filters} AND a.done_at >= @from AND a.done_at < @to
                    GROUP BY service ORDER BY count(*) DESC, service LIMIT 20
                ), opened AS (
                    SELECT service, r.opened_at FROM known_reviews r CROSS JOIN LATERAL unnest(r.services) AS service
                    WHERE r.org_id = @org
                      AND r.opened_at >= (SELECT min(last_done) FROM completed) - make_interval(days => @window)
                      AND r.opened_at < (SELECT max(last_done) FROM completed) + make_interval(days => @window)
                )
                SELECT c.service, c.actions, c.last_done,
                       count(o.opened_at) FILTER (WHERE o.opened_at >= c.last_done - make_interval(days => @window) AND o.opened_at < c.last_done),
                       count(o.opened_at) FILTER (WHERE o.opened_at >= c.last_done AND o.opened_at < c.last_done + make_interval(days => @window)),
                       LEAST(@window, GREATEST(0, @today - c.last_done::date))
                FROM completed c LEFT JOIN opened o ON o.service = c.service
                GROUP BY c.service, c.actions, c.last_done
                ORDER BY c.actions DESC, c.service
                """;
            var effect = await command.ReadAllAsync(r => new RepeatEffectRow(
                r.GetString(0), (int)r.GetInt64(1), r.GetFieldValue<DateTimeOffset>(2), (int)r.GetInt64(3), (int)r.GetInt64(4), r.GetInt32(5)), cancellationToken);

            return new ActionMetricsRows(
                org.Created, org.Reviews, org.Prevent, org.Detect, org.Mitigate, org.Team with { Name = null }, org.Closed, org.Median, org.P90,
                overdue, byService, byTeam, effect);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>Items due in the period whose due date has come (declined ones aside).</summary>
    private const string DueInPeriod = "a.due_date >= @fromDate AND a.due_date < @toDate AND a.due_date < @today AND a.status <> 'WontDo'";

    /// <summary>Of the rows where <paramref name="due"/> holds: how many, how many done on or before their due date, how many still open.</summary>
    private static string Completion(string due) => $"""
        count(*) FILTER (WHERE {due}),
        count(*) FILTER (WHERE {due} AND a.done_at IS NOT NULL AND a.done_at::date <= a.due_date),
        count(*) FILTER (WHERE {due} AND a.status IN ('Open', 'InProgress'))
        """;
}

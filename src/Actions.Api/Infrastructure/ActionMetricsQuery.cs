using System.Data.Common;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

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

/// <summary>
/// The org's action metrics in two batches of small aggregates run at once, each an index-only range of the metric facts
/// (<c>action_item_facts</c>, <c>known_review_facts</c>: one row per item or review and service, plus one per item under
/// service '' for the item as a whole, kept by triggers in the writing transaction; see the ActionMetricFacts migration).
/// With the service in the key, a report reads the rows of its period and service only, however many items the org has.
/// </summary>
public static class ActionMetricsQuery
{
    public const int EffectWindowDays = 90;
    public const int MaxServicesListed = 50;
    public const int MaxTeamsListed = 50;
    public const int MaxEffectServices = 20;

    /// <summary>The facts of the report's items (alias f): '' stands for every item when no service is asked for.</summary>
    private const string Facts = """
        action_item_facts f
        WHERE f.org_id = @org AND f.service = @service
          AND (@team::text IS NULL OR f.team = @team) AND (@priority::text IS NULL OR f.priority = @priority)
        """;

    /// <summary>The same items, once per service they name (for the per-service lists).</summary>
    private const string FactsPerService = """
        action_item_facts f
        WHERE f.org_id = @org AND f.service <> '' AND (@service = '' OR f.service = @service)
          AND (@team::text IS NULL OR f.team = @team) AND (@priority::text IS NULL OR f.priority = @priority)
        """;

    private const string CreatedInPeriod = "f.created_at >= @from AND f.created_at < @to AND f.status <> 'WontDo'";

    /// <summary>Due in the period and already due (declined ones aside).</summary>
    private const string DueInPeriod = "f.due_date >= @fromDate AND f.due_date < @dueUntil AND f.status <> 'WontDo'";

    private const string Completion = """
        count(*)::int, count(*) FILTER (WHERE f.done_at::date <= f.due_date)::int, count(*) FILTER (WHERE f.status IN ('Open', 'InProgress'))::int
        """;

    // Two batches, run at once on their own connections: on an otherwise idle pair of cores the report takes about half
    // as long, and under load it costs no more than one batch would.
    private static readonly string[] OrgStatements =
    [
        $"""
        SELECT count(*)::int, count(DISTINCT f.review_id)::int,
               count(*) FILTER (WHERE f.type = 'Prevent')::int, count(*) FILTER (WHERE f.type = 'Detect')::int,
               count(*) FILTER (WHERE f.type = 'Mitigate')::int
        FROM {Facts} AND {CreatedInPeriod}
        """,
        $"""
        SELECT count(*)::int, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM f.done_at - f.created_at) / 86400)
        FROM {Facts} AND f.done_at >= @from AND f.done_at < @to
        """,
        $"SELECT COALESCE(f.team, ''), {Completion} FROM {Facts} AND {DueInPeriod} GROUP BY f.team",
    ];

    private static readonly string[] BreakdownStatements =
    [
        $"SELECT f.service, {Completion} FROM {FactsPerService} AND {DueInPeriod} GROUP BY f.service ORDER BY count(*) DESC, f.service LIMIT {MaxServicesListed}",
        // Overdue now, whatever the period.
        $"SELECT f.priority, count(*)::int FROM {Facts} AND f.status IN ('Open', 'InProgress') AND f.due_date < @today GROUP BY f.priority",
        // For each service with actions completed in the period: incidents (reviews opened) in the window before its latest
        // completion and since.
        $"""
        WITH completed AS (
            SELECT f.service, count(*) AS actions, max(f.done_at) AS last_done
            FROM {FactsPerService} AND f.done_at >= @from AND f.done_at < @to
            GROUP BY f.service ORDER BY count(*) DESC, f.service LIMIT {MaxEffectServices}
        )
        SELECT c.service, c.actions::int, c.last_done,
               (SELECT count(*)::int FROM known_review_facts r
                WHERE r.org_id = @org AND r.service = c.service
                  AND r.opened_at >= c.last_done - make_interval(days => @window) AND r.opened_at < c.last_done),
               (SELECT count(*)::int FROM known_review_facts r
                WHERE r.org_id = @org AND r.service = c.service
                  AND r.opened_at >= c.last_done AND r.opened_at < c.last_done + make_interval(days => @window)),
               LEAST(@window, GREATEST(0, @today - c.last_done::date))
        FROM completed c
        ORDER BY c.actions DESC, c.service
        """,
    ];

    public static async Task<ActionMetricsRows> RunAsync(ActionsDbContext db, ActionMetricsScope scope, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var org = RunBatchAsync(connectionString, OrgStatements, scope, async reader => (
            Created: (await reader.ReadResultAsync(r => (Items: r.GetInt32(0), Reviews: r.GetInt32(1), Prevent: r.GetInt32(2), Detect: r.GetInt32(3), Mitigate: r.GetInt32(4)), cancellationToken)).Single(),
            Closed: (await reader.ReadResultAsync(r => (Count: r.GetInt32(0), Percentiles: r.IsDBNull(1) ? null : r.GetFieldValue<double[]>(1)), cancellationToken)).Single(),
            Teams: await reader.ReadResultAsync(ReadCompletion, cancellationToken)), cancellationToken);
        var breakdowns = RunBatchAsync(connectionString, BreakdownStatements, scope, async reader => (
            ByService: await reader.ReadResultAsync(ReadCompletion, cancellationToken),
            Overdue: (await reader.ReadResultAsync(r => (Priority: r.GetString(0), Count: r.GetInt32(1)), cancellationToken)).ToDictionary(p => p.Priority, p => p.Count),
            Effect: await reader.ReadResultAsync(r => new RepeatEffectRow(
                r.GetString(0), r.GetInt32(1), r.GetFieldValue<DateTimeOffset>(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)), cancellationToken)), cancellationToken);
        await Task.WhenAll(org, breakdowns);

        var (created, closed, teams) = await org;
        var (byService, overdue, effect) = await breakdowns;
        var completion = new CompletionRow(null, teams.Sum(t => t.DueItems), teams.Sum(t => t.CompletedOnTime), teams.Sum(t => t.OverdueNow));
        // Items without a secondary team are listed too, under no name.
        var byTeam = teams.Where(t => t.DueItems > 0).Select(t => t.Name is "" ? t with { Name = null } : t)
            .OrderByDescending(t => t.DueItems).ThenBy(t => t.Name, StringComparer.Ordinal).Take(MaxTeamsListed).ToList();
        return new ActionMetricsRows(
            created.Items, created.Reviews, created.Prevent, created.Detect, created.Mitigate,
            completion, closed.Count, closed.Percentiles?[0], closed.Percentiles?[1], overdue, byService, byTeam, effect);
    }

    private static async Task<T> RunBatchAsync<T>(
        string connectionString, string[] statements, ActionMetricsScope scope, Func<DbDataReader, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Read-only, in a transaction so that parallel query can be turned off for it alone: on a few cores, starting
        // workers costs more (tens of ms per statement, measured) than the small index ranges they would share.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL max_parallel_workers_per_gather = 0"));
        foreach (var sql in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            AddParameters(command.Parameters, scope);
            batch.BatchCommands.Add(command);
        }

        T result;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            result = await read(reader);
        }

        await transaction.RollbackAsync(CancellationToken.None);
        return result;
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, ActionMetricsScope scope)
    {
        parameters.Add(new NpgsqlParameter<Guid>("org", scope.OrgId));
        parameters.Add(new NpgsqlParameter<string>("service", scope.Service ?? ""));
        parameters.Add(new NpgsqlParameter("team", NpgsqlDbType.Text) { Value = (object?)scope.Team ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("priority", NpgsqlDbType.Text) { Value = (object?)scope.Priority?.ToString() ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("from", scope.From));
        parameters.Add(new NpgsqlParameter<DateTimeOffset>("to", scope.To));
        var fromDate = DateOnly.FromDateTime(scope.From.UtcDateTime);
        var toDate = DateOnly.FromDateTime(scope.To.UtcDateTime);
        parameters.Add(new NpgsqlParameter<DateOnly>("fromDate", fromDate));
        parameters.Add(new NpgsqlParameter<DateOnly>("dueUntil", toDate < scope.Today ? toDate : scope.Today));
        parameters.Add(new NpgsqlParameter<DateOnly>("today", scope.Today));
        parameters.Add(new NpgsqlParameter<int>("window", EffectWindowDays));
    }

    private static CompletionRow ReadCompletion(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
}

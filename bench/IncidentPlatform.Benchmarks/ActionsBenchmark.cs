using System.Diagnostics;
using System.Globalization;
using System.Text;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// The Actions service at scale. The follow-up watcher runs in process (the same class the service runs) against its own
/// database of 1,100,000 items on the platform's PostgreSQL: a day's worth of newly overdue and due-soon items to catch
/// up, then the sweep every replica makes each minute when nothing is pending. Org metrics are read through the gateway
/// and straight from the service, over an org of 100,000 items and one of 1,000, seeded into the service's database.
/// </summary>
public static class ActionsBenchmark
{
    public const int SweepItems = 1_000_000;
    public const int LargeOrgItems = 100_000;
    public const int SpreadOrgs = 100;
    public const int ItemsPerSpreadOrg = 1_000;
    public const double SweepGoalMs = 2_000;
    public const double MetricsGoalMs = 100;
    private const int Repetitions = 50;
    private const int WarmUp = 5;

    public static async Task<string> RunAsync(AppHostProcess platform, TextWriter progress, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine("# Actions benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; PostgreSQL of the platform started by AppHost (Release).");
        text.AppendLine();
        await MeasureFollowUpAsync(platform, text, progress, cancellationToken);
        await MeasureMetricsAsync(platform, text, progress, cancellationToken);
        return text.ToString();
    }

    private static async Task MeasureFollowUpAsync(AppHostProcess platform, StringBuilder text, TextWriter progress, CancellationToken cancellationToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(platform.PostgresConnectionString("actions")) { Database = "actions_bench" }.ConnectionString;
        await using (var admin = new NpgsqlConnection(platform.PostgresConnectionString("actions")))
        {
            await admin.OpenAsync(cancellationToken);
            await new NpgsqlCommand("DROP DATABASE IF EXISTS actions_bench", admin).ExecuteNonQueryAsync(cancellationToken);
            await new NpgsqlCommand("CREATE DATABASE actions_bench", admin).ExecuteNonQueryAsync(cancellationToken);
        }

        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddScoped<OrgContext>()
            .AddSingleton<OutboxSignal>()
            .AddSingleton<FollowUpWatcher>()
            .Configure<FollowUpOptions>(_ => { })
            .AddPooledServiceDbContext<ActionsDbContext>((_, options) => options.UsePlatformConventions(connectionString))
            .BuildServiceProvider();
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ActionsDbContext>().Database.MigrateAsync(cancellationToken);
        }

        progress.WriteLine($"Actions: seeding {SweepItems:N0} action items over 1,000 orgs for the follow-up watcher…");
        var seeding = Stopwatch.StartNew();
        var orgs = Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()).ToArray();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await SeedItemsAsync(connection, SweepItems, orgs[0], 0, orgs, pendingEvery: 25, cancellationToken);
        }

        progress.WriteLine($"Actions: seeded in {seeding.Elapsed.TotalSeconds:0} s");
        var (pendingOverdue, pendingDueSoon) = await PendingAsync(connectionString, cancellationToken);
        var watcher = services.GetRequiredService<FollowUpWatcher>();
        var catchUp = Stopwatch.StartNew();
        var sweeps = 0;
        while (await watcher.SweepOnceAsync(cancellationToken))
        {
            sweeps++;
        }

        catchUp.Stop();
        var (leftOverdue, leftDueSoon) = await PendingAsync(connectionString, cancellationToken);
        var idle = new List<double>();
        for (var i = 0; i < WarmUp + Repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await watcher.SweepOnceAsync(cancellationToken);
            if (i >= WarmUp)
            {
                idle.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var idleSummary = LatencySummary.Of(idle);
        text.AppendLine(CultureInfo.InvariantCulture, $"## Follow-up watcher over {SweepItems:N0} items (1,000 orgs)");
        text.AppendLine();
        text.AppendLine("| Case | Work | Time | Goal < 2 s |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| Catch-up: a day's newly overdue and due-soon items | {pendingOverdue:N0} overdue + {pendingDueSoon:N0} due-soon events written to the outbox in {sweeps + 1} sweeps of batches of 500 (left: {leftOverdue + leftDueSoon}) | {catchUp.Elapsed.TotalMilliseconds:0} ms | {Met(catchUp.Elapsed.TotalMilliseconds, SweepGoalMs)} |");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| Steady state: the sweep each replica makes every minute, nothing pending | {Repetitions} sweeps | p50 {idleSummary.P50:0.0} ms, p99 {idleSummary.P99:0.0} ms | {Met(idleSummary.P99, SweepGoalMs)} |");
        text.AppendLine();
        await using (var admin = new NpgsqlConnection(platform.PostgresConnectionString("actions")))
        {
            await admin.OpenAsync(cancellationToken);
            NpgsqlConnection.ClearAllPools();
            await new NpgsqlCommand("DROP DATABASE IF EXISTS actions_bench WITH (FORCE)", admin).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task MeasureMetricsAsync(AppHostProcess platform, StringBuilder text, TextWriter progress, CancellationToken cancellationToken)
    {
        var largeOrg = Guid.NewGuid();
        var spreadOrgs = Enumerable.Range(0, SpreadOrgs).Select(_ => Guid.NewGuid()).ToArray();
        progress.WriteLine($"Actions: seeding {LargeOrgItems:N0} items in one org and {SpreadOrgs * ItemsPerSpreadOrg:N0} over {SpreadOrgs} orgs for the metrics…");
        await using (var connection = new NpgsqlConnection(platform.PostgresConnectionString("actions")))
        {
            await connection.OpenAsync(cancellationToken);
            await SeedItemsAsync(connection, LargeOrgItems + SpreadOrgs * ItemsPerSpreadOrg, largeOrg, LargeOrgItems, spreadOrgs, pendingEvery: 0, cancellationToken);
        }

        text.AppendLine("## Org metrics (`GET /api/action-items/metrics`)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Repetitions} sequential requests per case after {WarmUp} warm-up.");
        text.AppendLine();
        text.AppendLine("| Org | Range | Via | p50 | p90 | p99 | Goal p99 < 100 ms |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        var now = DateTimeOffset.UtcNow;
        (string Name, string Query)[] ranges =
        [
            ("last 90 days (default)", ""),
            ("two years, service checkout-api", $"from={Uri.EscapeDataString(now.AddYears(-2).ToString("O", CultureInfo.InvariantCulture))}&service=checkout-api"),
        ];
        foreach (var (orgName, orgId) in new[] { ($"{ItemsPerSpreadOrg:N0} items", spreadOrgs[0]), ($"{LargeOrgItems:N0} items", largeOrg) })
        {
            var token = await DevTokens.MintAsync(platform, orgId, "benchmark-reader", "Benchmark Reader", cancellationToken);
            using var gateway = KnowledgeSearchBenchmark.Client(platform.Gateway, token);
            using var direct = KnowledgeSearchBenchmark.Client(platform.ServiceEndpoint(ResourceNames.ActionsApi), token);
            foreach (var (rangeName, query) in ranges)
            {
                foreach (var (via, client) in new[] { ("gateway", gateway), ("service", direct) })
                {
                    progress.WriteLine($"Actions: metrics of the org of {orgName}, {rangeName}, via {via}…");
                    var summary = await MeasureAsync(client, $"api/action-items/metrics?{query}", cancellationToken);
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {orgName} | {rangeName} | {via} | {summary.P50:0.0} ms | {summary.P90:0.0} ms | {summary.P99:0.0} ms | {Met(summary.P99, MetricsGoalMs)} |");
                }
            }
        }
    }

    private static string Met(double milliseconds, double goal) => milliseconds < goal ? "met" : "**not met**";

    private static async Task<LatencySummary> MeasureAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        for (var i = 0; i < WarmUp + Repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw BenchmarkFailedException.Refused($"GET {path}", response, body);
            }

            if (i >= WarmUp)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return LatencySummary.Of(samples);
    }

    private static async Task<(long Overdue, long DueSoon)> PendingAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE overdue_raised_for IS DISTINCT FROM due_date AND due_date < current_date),
                   count(*) FILTER (WHERE due_soon_raised_for IS DISTINCT FROM due_date AND due_date >= current_date AND due_date <= current_date + 7)
            FROM action_items WHERE status IN ('Open', 'InProgress')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Items as an org accumulates them over two years: one review per four items, half done on time or late, a quarter
    /// open, some in progress or declined; due 2–12 weeks after creation. Open items already announced are marked so,
    /// except every <paramref name="pendingEvery"/>th (0: none pending). Known reviews go with them (services, opening time).
    /// </summary>
    private static async Task SeedItemsAsync(
        NpgsqlConnection connection, int count, Guid firstOrg, int firstOrgItems, Guid[] otherOrgs, int pendingEvery, CancellationToken cancellationToken)
    {
        const string insert = """
            WITH items AS (
                SELECT g,
                       CASE WHEN g <= @first THEN @org ELSE (@orgs::uuid[])[1 + abs(hashint4(g)) % cardinality(@orgs::uuid[])] END AS org_id,
                       now() - (g % 730) * interval '1 day' - (g % 1440) * interval '1 minute' AS created_at,
                       (ARRAY['checkout-api', 'search', 'payments', 'identity', 'edge', 'orders', 'inventory', 'notifications'])[1 + (g / 4) % 8] AS service,
                       (ARRAY['Done', 'Done', 'Done', 'Done', 'Done', 'Done', 'Done', 'Done', 'Done', 'Done', 'Verified', 'Verified',
                              'Open', 'Open', 'Open', 'Open', 'Open', 'InProgress', 'WontDo', 'Open'])[1 + g % 20] AS status
                FROM generate_series(1, @count) AS g
            ), shaped AS (
                SELECT i.*, (i.created_at::date + 14 + (i.g % 71)) AS due_date,
                       md5(i.org_id::text || (i.g / 4)::text)::uuid AS review_id
                FROM items i
            )
            INSERT INTO action_items (id, org_id, review_id, incident_id, incident_reference, services, title, owner_user_id, owner_display_name,
                secondary_owner_team, due_date, priority, type, nature, definition_of_done, status, done_at, closed_at, created_at,
                created_by_user_id, created_by_display_name, updated_at, due_soon_raised_for, overdue_raised_for, version)
            SELECT gen_random_uuid(), s.org_id, s.review_id, s.review_id, 'INC-' || lpad((s.g / 4)::text, 6, '0'), ARRAY[s.service],
                   'Add a check for ' || s.service || ' #' || s.g, 'owner-' || (s.g % 50), 'Owner ' || (s.g % 50),
                   (ARRAY['Platform Team', 'Payments', 'Search', 'SRE', NULL])[1 + s.g % 5], s.due_date,
                   (ARRAY['P1', 'P2', 'P2', 'P3'])[1 + s.g % 4], (ARRAY['Prevent', 'Detect', 'Mitigate'])[1 + s.g % 3], 'Corrective',
                   'Check passes in CI', s.status,
                   CASE WHEN s.status IN ('Done', 'Verified') THEN s.created_at + (s.g % 97) * interval '1 day' END,
                   CASE WHEN s.status IN ('Done', 'Verified') THEN s.created_at + (s.g % 97) * interval '1 day' END,
                   s.created_at, 'creator', 'Creator', s.created_at,
                   CASE WHEN @pending > 0 AND s.g % GREATEST(@pending, 1) = 0 THEN NULL WHEN s.due_date <= current_date + 7 THEN s.due_date END,
                   CASE WHEN @pending > 0 AND s.g % GREATEST(@pending, 1) = 0 THEN NULL WHEN s.due_date < current_date THEN s.due_date END,
                   1
            FROM shaped s;

            INSERT INTO known_reviews (review_id, org_id, incident_id, incident_reference, severity, services, owner_user_id, owner_display_name, opened_at)
            SELECT DISTINCT ON (review_id) review_id, org_id, incident_id, incident_reference, 'Sev2', services, 'owner-0', 'Owner 0', created_at
            FROM action_items ORDER BY review_id, created_at
            ON CONFLICT (review_id) DO NOTHING;
            """;
        await using (var command = new NpgsqlCommand(insert, connection) { CommandTimeout = 1800 })
        {
            command.Parameters.AddWithValue("org", firstOrg);
            command.Parameters.AddWithValue("first", firstOrgItems);
            command.Parameters.AddWithValue("orgs", otherOrgs);
            command.Parameters.AddWithValue("count", count);
            command.Parameters.AddWithValue("pending", pendingEvery);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // What autovacuum would do after a bulk load: statistics, and the visibility map that lets the metrics read their indexes only.
        foreach (var table in new[] { "action_items", "known_reviews", "action_item_facts", "known_review_facts" })
        {
            await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection) { CommandTimeout = 600 };
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

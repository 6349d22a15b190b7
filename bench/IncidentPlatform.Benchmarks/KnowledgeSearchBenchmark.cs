using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using IncidentPlatform.Contracts;
using Npgsql;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// Knowledge-base search on the running platform, written straight into the reviews database: 100,000 published reviews
/// of one org (the worst case: one org holds them all) and 100,000 more spread over 100 orgs of 1,000 (a hosted
/// deployment's usual shape), then searched as each kind of org, through the gateway and straight to the service.
/// </summary>
public static class KnowledgeSearchBenchmark
{
    public const int SeededReviews = 100_000;
    public const int SpreadOrgs = 100;
    public const int ReviewsPerSpreadOrg = 1_000;
    public const double GoalMs = 50;
    private const int WarmUp = 5;
    private const int Repetitions = 100;

    /// <summary>What a user types, from rare to matching a fifth of the org's reviews, with and without filters.</summary>
    private static readonly (string Case, string Query)[] Cases =
    [
        ("quoted phrase: \"certificate rotation\"", "q=%22certificate%20rotation%22"),
        ("common words: connection pool", "q=connection%20pool"),
        ("words + service + severity: deploy rollback, checkout-api, SEV2", "q=deploy%20rollback&service=checkout-api&severity=SEV2"),
        ("words + factor category + year: alert paging, tools, 2021", "q=alert%20paging&factorCategory=tools&from=2021-01-01&to=2022-01-01"),
        ("one ticket number: OPS-73421", "q=OPS-73421"),
        ("browse without words: payments, newest first", "service=payments"),
    ];

    public static async Task<string> RunAsync(AppHostProcess platform, TextWriter progress, CancellationToken cancellationToken)
    {
        var largeOrg = Guid.NewGuid();
        var spreadOrgs = Enumerable.Range(0, SpreadOrgs).Select(_ => Guid.NewGuid()).ToArray();
        progress.WriteLine($"Knowledge base: seeding {SeededReviews:N0} published reviews in one org and {SpreadOrgs * ReviewsPerSpreadOrg:N0} over {SpreadOrgs} orgs…");
        var seeding = Stopwatch.StartNew();
        await SeedAsync(platform.PostgresConnectionString("reviews"), largeOrg, spreadOrgs, cancellationToken);
        progress.WriteLine($"Knowledge base: seeded in {seeding.Elapsed.TotalSeconds:0} s");

        var text = new StringBuilder();
        text.AppendLine("# Knowledge-base search benchmark");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores; the platform started by AppHost (Release), ");
        text.AppendLine(CultureInfo.InvariantCulture, $"{SeededReviews + SpreadOrgs * ReviewsPerSpreadOrg:N0} published reviews: {SeededReviews:N0} in one org, {ReviewsPerSpreadOrg:N0} in each of {SpreadOrgs} others; page of 20 with highlights; {Repetitions} sequential requests per case after {WarmUp} warm-up.");
        text.AppendLine();
        text.AppendLine("| Org | Search | Matches | Via | p50 | p95 | p99 | Goal p95 < 50 ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (orgName, orgId) in new[] { ($"{ReviewsPerSpreadOrg:N0} reviews", spreadOrgs[0]), ($"{SeededReviews:N0} reviews", largeOrg) })
        {
            var token = await DevTokens.MintAsync(platform, orgId, "benchmark-reader", "Benchmark Reader", cancellationToken);
            using var gateway = Client(platform.Gateway, token);
            using var direct = Client(platform.ServiceEndpoint(ResourceNames.ReviewsApi), token);
            foreach (var (name, query) in Cases)
            {
                foreach (var (via, client) in new[] { ("gateway", gateway), ("service", direct) })
                {
                    progress.WriteLine($"Knowledge base: org of {orgName}, {name} via {via}…");
                    var (samples, total, exact) = await MeasureAsync(client, $"api/reviews/search?{query}", cancellationToken);
                    var p95 = LatencySummary.NearestRank(samples, 0.95);
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {orgName} | {name} | {total:N0}{(exact ? "" : "+")} | {via} | {LatencySummary.NearestRank(samples, 0.5):0.0} ms | {p95:0.0} ms | {LatencySummary.NearestRank(samples, 0.99):0.0} ms | {(p95 < GoalMs ? "met" : "**not met**")} |");
                }
            }
        }

        return text.ToString();
    }

    internal static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(double[] Sorted, long Total, bool Exact)> MeasureAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        long total = 0;
        var exact = true;
        for (var i = 0; i < WarmUp + Repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw BenchmarkFailedException.Refused($"GET {path}", response, body);
            }

            if (i >= WarmUp)
            {
                samples.Add(elapsed);
            }

            using var json = System.Text.Json.JsonDocument.Parse(body);
            total = json.RootElement.GetProperty("total").GetInt64();
            exact = json.RootElement.GetProperty("totalExact").GetBoolean();
        }

        return ([.. samples.Order()], total, exact);
    }

    /// <summary>
    /// Reviews written like real ones: a title from a dozen kinds of incident, a summary, two or three contributing
    /// factors and a body of eight sentences drawn from forty, so common words match many reviews and rare ones few;
    /// each review also cites its own ticket number. One statement; the generated tsvector column is computed by PostgreSQL.
    /// </summary>
    private static async Task SeedAsync(string connectionString, Guid largeOrg, Guid[] spreadOrgs, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        const string insert = """
            WITH titles(t) AS (SELECT ARRAY[
                    'Checkout errors after deploy', 'Search latency during reindex', 'Database failover stalled writes',
                    'Certificate expiry broke the partner API', 'Queue backlog delayed emails', 'DNS misconfiguration after migration',
                    'Payment retries doubled charges', 'Cache stampede after a cold start', 'Login failures after a key rotation',
                    'Disk full on the logging cluster', 'Feature flag enabled for everyone', 'Rate limiter blocked a large customer']),
                 sentences(s) AS (SELECT ARRAY[
                    'The connection pool was exhausted under peak load.', 'A deploy went out without a canary stage.',
                    'The rollback took twelve minutes because the runbook was out of date.', 'Alert paging reached the wrong rotation.',
                    'Dashboards showed averages that hid the tail latency.', 'The on-call engineer was handling two incidents at once.',
                    'Retries amplified the load on the database.', 'The certificate rotation job had failed silently for weeks.',
                    'Staging traffic never exercises this code path.', 'The status page was updated forty minutes late.',
                    'A schema migration locked the orders table.', 'The feature flag defaulted to on in production.',
                    'Capacity planning used last year''s traffic.', 'Customer support learned about the outage from customers.',
                    'The handoff between shifts lost the context of the investigation.', 'Logs were sampled and missed the first errors.',
                    'The dependency timeout was longer than the caller''s.', 'Autoscaling reacted after the queue had grown.',
                    'The incident channel had too many observers to coordinate.', 'A manual step in the release checklist was skipped.',
                    'The cache expired for every key at the same moment.', 'Health checks passed while requests failed.',
                    'The vendor''s outage was not on our dependency map.', 'DNS records kept a stale address for an hour.',
                    'Error budgets were spent without anyone noticing.', 'The backup restore had never been rehearsed.',
                    'Two teams owned the service and neither was paged.', 'A config change was applied to every region at once.',
                    'The circuit breaker opened too late to protect the database.', 'Nobody could tell which version was deployed.',
                    'The load balancer drained connections too quickly.', 'Memory grew slowly until the process was killed.',
                    'The queue consumer stopped acknowledging messages.', 'Rate limits were configured per node, not per cluster.',
                    'A disk filled up with debug logs.', 'The payment provider returned errors we had never seen.',
                    'Synthetic checks ran from one region only.', 'The key rotation was announced but not scheduled.',
                    'Responders assumed the earlier fix had worked.', 'The decision to roll back waited for a manager.']),
                 services(v) AS (SELECT ARRAY['checkout-api', 'search', 'payments', 'identity', 'edge', 'orders', 'inventory', 'notifications']),
                 categories(c) AS (SELECT ARRAY['people', 'process', 'tools', 'systems', 'environment'])
            INSERT INTO knowledge_entries (review_id, org_id, incident_id, incident_reference, title, severity, services, tags,
                factor_categories, keywords, summary, factors, body, incident_started_at, version, published_at)
            SELECT gen_random_uuid(), CASE WHEN g <= @count THEN @org ELSE (@orgs::uuid[])[1 + abs(hashint4(g)) % cardinality(@orgs::uuid[])] END, gen_random_uuid(),
                   'INC-' || (2020 + g % 5) || '-' || lpad(g::text, 6, '0'),
                   t[1 + g % 12] || ' #' || g,
                   (ARRAY['Sev1', 'Sev2', 'Sev3', 'Sev4'])[1 + (g * 7) % 4],
                   ARRAY[v[1 + g % 8]],
                   ARRAY[(ARRAY['customer-facing', 'internal', 'data', 'security'])[1 + g % 4]],
                   ARRAY(SELECT DISTINCT c[1 + (g * k) % 5] FROM generate_series(1, 2 + g % 2) k ORDER BY 1),
                   'INC-' || (2020 + g % 5) || '-' || lpad(g::text, 6, '0') || ' ' || v[1 + g % 8],
                   t[1 + g % 12] || ' affected ' || v[1 + g % 8] || ' for ' || (5 + g % 90) || ' minutes. Tracked as OPS-' || g || '.',
                   s[1 + (g * 3) % 40] || E'\n' || s[1 + (g * 11) % 40] || E'\n' || s[1 + (g * 17) % 40],
                   (SELECT string_agg(s[1 + (g * k * 7 + k) % 40], ' ') FROM generate_series(1, 8) k),
                   timestamptz '2020-01-01 00:00:00+00' + (g % @count) * interval '26 minutes', 1,
                   timestamptz '2020-01-01 00:00:00+00' + (g % @count) * interval '26 minutes' + interval '10 days'
            FROM generate_series(1, @count + @others) AS g, titles, sentences, services, categories
            """;
        await using (var command = new NpgsqlCommand(insert, connection))
        {
            command.Parameters.AddWithValue("org", largeOrg);
            command.Parameters.AddWithValue("orgs", spreadOrgs);
            command.Parameters.AddWithValue("count", SeededReviews);
            command.Parameters.AddWithValue("others", SpreadOrgs * ReviewsPerSpreadOrg);
            command.CommandTimeout = 1200;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE knowledge_entries", connection) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}

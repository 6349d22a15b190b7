using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentPlatform.Contracts;
using Npgsql;

namespace IncidentPlatform.Benchmarks;

/// <param name="Operation">What was sent, e.g. <c>POST /api/incidents</c>.</param>
/// <param name="ThroughGateway">Through the gateway, or straight to the Incidents service.</param>
public sealed record RateCase(string Operation, bool ThroughGateway, RateRun Run);

public sealed record IncidentsApiResult(
    int RatePerSecond,
    TimeSpan RateDuration,
    IReadOnlyList<RateCase> Rates,
    int SeededIncidents,
    LatencySummary OrgMetrics,
    LatencySummary OrgMetricsFiltered,
    LatencySummary Search,
    int ImportLines,
    LatencySummary Import);

/// <summary>
/// The Incidents API under load on the running platform: create-incident and add-timeline-entry at a fixed rate,
/// through the gateway and straight to the service (the gateway's overhead); the org metrics and search over
/// 100,000 incidents; a 10,000-line timeline import.
/// </summary>
public static class IncidentsApiBenchmark
{
    public const int SeededIncidents = 100_000;
    public const int SpreadOrgs = 20;
    public const int ImportLines = 10_000;
    /// <summary>Each path's warm-up at the measured rate, just before a case's turns.</summary>
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>How long each path is loaded before the other takes its turn (<see cref="FixedRateLoad.RunInTurnsAsync"/>).</summary>
    public static readonly TimeSpan Turn = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Before the first case, every case at a moderate rate: right after start the services' tiered JIT was still
    /// recompiling hot paths (a fifth of Incidents' CPU during the first case, by perf), which the first case measured.
    /// </summary>
    public const int PlatformWarmUpRate = 50;
    public static readonly TimeSpan PlatformWarmUpPerCase = TimeSpan.FromSeconds(5);
    private const int QueryRepetitions = 20;
    private const int ImportRepetitions = 5;

    /// <summary>
    /// Between imports: each one's 10,000-entry TimelineChanged event keeps Reviews busy for some seconds, which
    /// back-to-back imports measured instead of the import (1.2 s against 0.4–0.7 s with a pause, by hand).
    /// </summary>
    public static readonly TimeSpan ImportPause = TimeSpan.FromSeconds(10);

    /// <summary>How many turns of <see cref="Turn"/> make about <paramref name="measured"/> on each path (one at least).</summary>
    public static int TurnsFor(TimeSpan measured) => Math.Max(1, (int)Math.Round(measured / Turn));

    /// <summary>
    /// Each load for <see cref="WarmUp"/> at the rate, then all of them measured for about <paramref name="measured"/>
    /// each, in alternating turns (<see cref="FixedRateLoad.RunInTurnsAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyList<RateRun>> WarmUpAndMeasureInTurnsAsync(
        int ratePerSecond, TimeSpan measured, IReadOnlyList<Func<int, CancellationToken, Task<HttpResponseMessage>>> loads,
        CancellationToken cancellationToken)
    {
        foreach (var load in loads)
        {
            await FixedRateLoad.RunAsync(ratePerSecond, WarmUp, load, cancellationToken);
        }

        return await FixedRateLoad.RunInTurnsAsync(ratePerSecond, Turn, TurnsFor(measured), loads, cancellationToken);
    }

    public static async Task<IncidentsApiResult> RunAsync(
        AppHostProcess platform, int ratePerSecond, TimeSpan measured, TextWriter progress, CancellationToken cancellationToken)
    {
        var orgId = Guid.NewGuid();
        var token = await DevTokens.MintAsync(platform, orgId, "benchmark-lead", "Benchmark Lead", cancellationToken);
        using var gateway = Client(platform.Gateway, token);
        using var direct = Client(platform.ServiceEndpoint(ResourceNames.IncidentsApi), token);

        var rates = new List<RateCase>();
        var timelineTargets = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            timelineTargets.Add(await DeclareAsync(gateway, $"Timeline target {i}", cancellationToken));
        }

        // A hosted platform's load comes from many orgs; each org's references are gapless, so one org's creates take turns.
        var orgTokens = new List<string>();
        for (var i = 0; i < SpreadOrgs; i++)
        {
            orgTokens.Add(await DevTokens.MintAsync(platform, Guid.NewGuid(), "benchmark-lead", "Benchmark Lead", cancellationToken));
        }

        var cases = new (string Operation, Func<HttpClient, int, CancellationToken, Task<HttpResponseMessage>> Send)[]
        {
            ("POST /api/incidents", (client, i, ct) => client.PostAsJsonAsync("api/incidents", Declaration($"Load incident {i}"), ct)),
            ($"POST /api/incidents ({SpreadOrgs} orgs)", (client, i, ct) => DeclareAs(client, orgTokens[i % SpreadOrgs], $"Load incident {i}", ct)),
            ("POST /api/incidents/{id}/timeline", (client, i, ct) => client.PostAsJsonAsync(
                $"api/incidents/{timelineTargets[i % timelineTargets.Count]}/timeline",
                new { occurredAt = "2025-06-02T08:10:00Z", text = $"Alert: checkout error rate above 5% (sample {i})", source = "pagerduty" }, ct)),
        };
        var paths = new[] { (Client: gateway, ThroughGateway: true), (Client: direct, ThroughGateway: false) };

        progress.WriteLine($"Incidents API: warm-up, every case for {PlatformWarmUpPerCase.TotalSeconds:0} s at {PlatformWarmUpRate}/s…");
        foreach (var (_, send) in cases)
        {
            foreach (var (client, _) in paths)
            {
                await FixedRateLoad.RunAsync(PlatformWarmUpRate, PlatformWarmUpPerCase, (i, ct) => send(client, i, ct), cancellationToken);
            }
        }

        foreach (var (operation, send) in cases)
        {
            progress.WriteLine($"Incidents API: {operation} at {ratePerSecond}/s, through the gateway and straight to the service in {TurnsFor(measured)} turns of {Turn.TotalSeconds:0} s…");
            var loads = paths.Select(path => (Func<int, CancellationToken, Task<HttpResponseMessage>>)((i, ct) => send(path.Client, i, ct))).ToList();
            var runs = await WarmUpAndMeasureInTurnsAsync(ratePerSecond, measured, loads, cancellationToken);
            rates.AddRange(paths.Select((path, index) => new RateCase(operation, path.ThroughGateway, runs[index])));
        }

        progress.WriteLine($"Incidents API: seeding {SeededIncidents:N0} incidents for a new org straight into the incidents database…");
        var metricsOrg = Guid.NewGuid();
        await SeedIncidentsAsync(platform.PostgresConnectionString("incidents"), metricsOrg, cancellationToken);
        using var metricsClient = Client(platform.Gateway, await DevTokens.MintAsync(platform, metricsOrg, "benchmark-lead", "Benchmark Lead", cancellationToken));
        const string range = "from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z";
        progress.WriteLine("Incidents API: org metrics, filtered metrics and search over them…");
        var metrics = await RepeatAsync(metricsClient, $"api/incidents/metrics?{range}&interval=month", cancellationToken);
        var filtered = await RepeatAsync(metricsClient, $"api/incidents/metrics?{range}&interval=week&severity=SEV1&severity=SEV2&service=checkout-api", cancellationToken);
        var search = await RepeatAsync(metricsClient, "api/incidents?q=database%20failover&limit=50", cancellationToken);

        progress.WriteLine($"Incidents API: importing {ImportLines:N0} timeline lines, {ImportRepetitions} times…");
        var import = await ImportAsync(gateway, cancellationToken);

        return new IncidentsApiResult(ratePerSecond, Turn * TurnsFor(measured), rates, SeededIncidents, metrics, filtered, search, ImportLines, import);
    }

    internal static HttpClient Client(Uri baseAddress, string token)
    {
        // Enough connections for an open-loop load; each is reused (keep-alive), as a real client's would be.
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Declares an incident with the caller's token instead of the client's default one (a load from many callers).</summary>
    internal static Task<HttpResponseMessage> DeclareAs(HttpClient client, string token, string title, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/incidents") { Content = JsonContent.Create(Declaration(title)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, cancellationToken);
    }

    internal static object Declaration(string title) => new
    {
        title,
        severity = "SEV3",
        services = new[] { "checkout-api" },
        startedAt = "2025-06-02T08:00:00Z",
        detectedAt = "2025-06-02T08:04:00Z",
    };

    private static async Task<string> DeclareAsync(HttpClient client, string title, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("api/incidents", Declaration(title), cancellationToken);
        await BenchmarkFailedException.ThrowIfRefusedAsync(response, "declare an incident", cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>3 unmeasured calls, then <see cref="QueryRepetitions"/> measured one after another.</summary>
    private static async Task<LatencySummary> RepeatAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        for (var i = 0; i < QueryRepetitions + 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, cancellationToken);
            await BenchmarkFailedException.ThrowIfRefusedAsync(response, $"GET {path}", cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            if (i >= 3)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return LatencySummary.Of(samples);
    }

    private static async Task<LatencySummary> ImportAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        string[] texts = ["Alert: checkout error rate above 5%", "Deployment of checkout-api v2.4.1 begins", "Decision: roll back to v2.4.0", "Rollback complete, errors falling", "Posted status page update"];
        for (var i = 0; i < ImportLines; i++)
        {
            var minute = i * 1440 / ImportLines;
            lines.Append($"{minute / 60:00}:{minute % 60:00} {texts[i % texts.Length]} ({i})\n");
        }

        var samples = new List<double>();
        for (var i = 0; i < ImportRepetitions + 1; i++)
        {
            await Task.Delay(ImportPause, cancellationToken);
            var incidentId = await DeclareAsync(client, $"Import target {i}", cancellationToken);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostAsJsonAsync($"api/incidents/{incidentId}/timeline/import", new
            {
                format = "text",
                content = lines.ToString(),
                baseDate = "2025-06-01",
                timeZone = "UTC",
            }, cancellationToken);
            await BenchmarkFailedException.ThrowIfRefusedAsync(response, "import 10,000 timeline lines", cancellationToken);
            if (i > 0)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return LatencySummary.Of(samples);
    }

    /// <summary>
    /// A year of resolved incidents, one every ~5 minutes, spread over kinds, severities and eight services, with
    /// response times that vary: inserted in one statement, as the API would take over eight minutes at 200/s.
    /// </summary>
    private static async Task SeedIncidentsAsync(string connectionString, Guid orgId, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO incidents (id, org_id, reference, title, kind, severity, status, services, tags,
                                   incident_lead_user_id, incident_lead_display_name,
                                   started_at, detected_at, acknowledged_at, mitigated_at, resolved_at,
                                   created_at, updated_at, severity_changes, version)
            SELECT gen_random_uuid(), @org, 'INC-2023-' || lpad(g::text, 6, '0'),
                   (ARRAY['Checkout errors after deploy', 'Search latency', 'Database failover stalled writes', 'Certificate expiry', 'Queue backlog'])[1 + g % 5] || ' #' || g,
                   (ARRAY['Outage', 'DegradedRelease', 'Security', 'Data', 'InternalTooling', 'NearMiss'])[1 + g % 6],
                   (ARRAY['Sev1', 'Sev2', 'Sev3', 'Sev4'])[1 + (g * 7) % 4],
                   'Resolved',
                   ARRAY[(ARRAY['checkout-api', 'search', 'payments', 'identity', 'edge', 'orders', 'inventory', 'notifications'])[1 + g % 8]],
                   '{}', 'benchmark-lead', 'Benchmark Lead',
                   s, s + (1 + g % 30) * interval '1 minute', s + (2 + g % 31) * interval '1 minute',
                   s + (5 + g % 61) * interval '1 minute', s + (10 + g % 241) * interval '1 minute',
                   s, s, '[]', 1
            FROM generate_series(1, @count) AS g,
                 LATERAL (SELECT timestamptz '2023-01-01 00:00:00+00' + g * interval '5 minutes' AS s) AS start
            """, connection))
        {
            insert.Parameters.AddWithValue("org", orgId);
            insert.Parameters.AddWithValue("count", SeededIncidents);
            insert.CommandTimeout = 600;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // What autovacuum does after a bulk insert: statistics, and the visibility map that lets the metrics scan only the index.
        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE incidents", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}

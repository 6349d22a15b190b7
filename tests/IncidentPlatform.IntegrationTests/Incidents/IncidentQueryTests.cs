using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

/// <summary>Finding incidents (filters, search, sorts, cursors) and the org's metrics over them.</summary>
public sealed class IncidentQueryTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    [Fact]
    public async Task The_list_filters_by_severity_kind_service_tag_status_and_start_and_searches_title_summary_and_timeline()
    {
        var client = service.CreateClient();
        var checkout = await DeclareAsync(client, new { title = "Checkout errors after deploy", severity = "SEV2", kind = "degradedRelease", services = new[] { "checkout-api" }, tags = new[] { "payments" }, startedAt = "2024-03-15T14:23:00Z", detectedAt = "2024-03-15T14:27:00Z", summary = "Connection pool exhausted by the new release." });
        var search = await DeclareAsync(client, new { title = "Search latency", severity = "SEV3", kind = "outage", services = new[] { "search" }, startedAt = "2024-04-02T09:00:00Z", detectedAt = "2024-04-02T09:05:00Z" });
        var nearMiss = await DeclareAsync(client, new { title = "Certificate nearly expired", severity = "SEV4", kind = "nearMiss", services = new[] { "edge", "checkout-api" }, startedAt = "2024-05-01T08:00:00Z" });
        await client.PostAsJsonAsync($"/api/incidents/{search.GetProperty("id").GetString()}/timeline", new { occurredAt = "2024-04-02T09:10:00Z", text = "Elasticsearch shard rebalancing saturated the disks" });
        (await StepAsync(client, search, "resolve", "2024-04-02T09:40:00Z")).EnsureSuccessStatusCode();

        Assert.Equal(["Checkout errors after deploy"], await TitlesAsync(client, "severity=P2"));
        Assert.Equal(["Certificate nearly expired", "Search latency"], await TitlesAsync(client, "severity=SEV3&severity=sev4"));
        Assert.Equal(["Certificate nearly expired"], await TitlesAsync(client, "kind=nearMiss"));
        Assert.Equal(["Certificate nearly expired", "Checkout errors after deploy"], await TitlesAsync(client, "service=checkout-api"));
        Assert.Equal(["Checkout errors after deploy"], await TitlesAsync(client, "tag=PAYMENTS"));
        Assert.Equal(["Search latency"], await TitlesAsync(client, "status=resolved"));
        Assert.Equal(["Search latency"], await TitlesAsync(client, "startedFrom=2024-04-01T00:00:00Z&startedTo=2024-05-01T00:00:00Z"));
        Assert.Equal(["Checkout errors after deploy"], await TitlesAsync(client, "q=connection%20pools"));
        Assert.Equal(["Search latency"], await TitlesAsync(client, "q=shard%20rebalancing"));
        Assert.Equal(["Certificate nearly expired", "Search latency"], await TitlesAsync(client, "q=certificate%20or%20latency"));
        Assert.Empty(await TitlesAsync(client, "q=%22checkout%20latency%22"));
        Assert.Equal(checkout.GetProperty("id").GetGuid(), (await client.GetFromJsonAsync<JsonElement>("/api/incidents?sort=startedAt&limit=1")).GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(nearMiss.GetProperty("id").GetGuid(), (await client.GetFromJsonAsync<JsonElement>("/api/incidents?sort=-startedAt&limit=1")).GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Sorted_pages_follow_their_cursor_and_a_bad_parameter_is_named()
    {
        var client = service.CreateClient();
        foreach (var day in new[] { 3, 1, 4, 1, 5 })
        {
            await DeclareAsync(client, new { title = $"Day {day}", severity = "SEV3", startedAt = $"2024-06-0{day}T10:00:00Z" });
        }

        var first = await client.GetFromJsonAsync<JsonElement>("/api/incidents?sort=startedAt&limit=2");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/incidents?sort=startedAt&limit=2&cursor={first.GetProperty("nextCursor").GetString()}");
        var third = await client.GetFromJsonAsync<JsonElement>($"/api/incidents?sort=startedAt&limit=2&cursor={second.GetProperty("nextCursor").GetString()}");
        var wrongSort = await client.GetAsync($"/api/incidents?sort=-startedAt&cursor={first.GetProperty("nextCursor").GetString()}");

        string[] Titles(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];
        Assert.Equal(["Day 1", "Day 1", "Day 3", "Day 4", "Day 5"], [.. Titles(first), .. Titles(second), .. Titles(third)]);
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, wrongSort.StatusCode);
        Assert.True((await ProblemAsync(wrongSort)).GetProperty("errors").TryGetProperty("cursor", out _));
        foreach (var (query, parameter) in new[] { ("sort=title", "sort"), ("severity=SEV9", "severity"), ("kind=meteor", "kind"), ("status=2", "status"), ("cursor=garbage", "cursor"), ("startedFrom=2024-02-01T00:00:00Z&startedTo=2024-01-01T00:00:00Z", "startedTo"), ($"q={new string('x', 201)}", "q") })
        {
            var response = await client.GetAsync($"/api/incidents?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(parameter, out _), query);
        }
    }

    [Fact]
    public async Task Org_metrics_give_count_mean_median_and_p90_of_each_response_time_and_frequencies()
    {
        var client = service.CreateClient();
        // Three resolved SEV2 outages of checkout-api, detected after 2, 4 and 12 minutes, resolved 20, 30 and 70 minutes after detection.
        foreach (var (day, detectAfter, resolveAfter) in new[] { (4, 2, 20), (12, 4, 30), (20, 12, 70) })
        {
            var start = new DateTimeOffset(2024, 3, day, 10, 0, 0, TimeSpan.Zero);
            var incident = await DeclareAsync(client, new { title = $"Outage {day}", severity = "SEV2", kind = "outage", services = new[] { "checkout-api" }, startedAt = start, detectedAt = start.AddMinutes(detectAfter) });
            (await StepAsync(client, incident, "resolve", start.AddMinutes(detectAfter + resolveAfter).ToString("O"))).EnsureSuccessStatusCode();
        }

        var nearMiss = await DeclareAsync(client, new { title = "Caught by canary", severity = "SEV4", kind = "nearMiss", services = new[] { "search" }, startedAt = "2024-03-27T10:00:00Z" });
        await client.PutAsJsonAsync($"/api/incidents/{nearMiss.GetProperty("id").GetString()}/impact", new { failedRequests = 0 });
        await DeclareAsync(client, new { title = "Before the range", severity = "SEV1", startedAt = "2024-02-20T10:00:00Z" });

        var metrics = await client.GetFromJsonAsync<JsonElement>("/api/incidents/metrics?from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z&interval=week");
        var checkoutOnly = await client.GetFromJsonAsync<JsonElement>("/api/incidents/metrics?from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z&service=checkout-api&interval=month");
        var otherOrg = await service.CreateClient().GetFromJsonAsync<JsonElement>("/api/incidents/metrics?from=2024-03-01T00:00:00Z&to=2024-04-01T00:00:00Z");

        Assert.Equal((4, 1, 3, 1), (metrics.GetProperty("incidentCount").GetInt32(), metrics.GetProperty("openCount").GetInt32(),
            metrics.GetProperty("highSeverityCount").GetInt32(), metrics.GetProperty("nearMissCount").GetInt32()));
        var detect = metrics.GetProperty("timeToDetect");
        Assert.Equal((3, 6.0, 4.0, 10.4), (detect.GetProperty("count").GetInt32(), detect.GetProperty("meanMinutes").GetDouble(), detect.GetProperty("medianMinutes").GetDouble(), detect.GetProperty("p90Minutes").GetDouble()));
        var resolve = metrics.GetProperty("timeToResolve");
        Assert.Equal((3, 40.0, 30.0, 62.0), (resolve.GetProperty("count").GetInt32(), resolve.GetProperty("meanMinutes").GetDouble(), resolve.GetProperty("medianMinutes").GetDouble(), resolve.GetProperty("p90Minutes").GetDouble()));
        Assert.Equal(0, metrics.GetProperty("timeToAcknowledge").GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("timeToAcknowledge").GetProperty("meanMinutes").ValueKind);
        var weeks = metrics.GetProperty("byPeriod").EnumerateArray().Select(p => (p.GetProperty("periodStart").GetString(), p.GetProperty("incidentCount").GetInt32())).ToList();
        Assert.Equal([("2024-02-26", 0), ("2024-03-04", 1), ("2024-03-11", 1), ("2024-03-18", 1), ("2024-03-25", 1)], weeks);
        Assert.Equal([("SEV2", 3), ("SEV4", 1)], metrics.GetProperty("bySeverity").EnumerateArray().Select(b => (b.GetProperty("value").GetString(), b.GetProperty("incidentCount").GetInt32())));
        Assert.Equal([("checkout-api", 3), ("search", 1)], metrics.GetProperty("byService").EnumerateArray().Select(b => (b.GetProperty("value").GetString(), b.GetProperty("incidentCount").GetInt32())));
        Assert.Equal([("outage", 3), ("nearMiss", 1)], metrics.GetProperty("byKind").EnumerateArray().Select(b => (b.GetProperty("value").GetString(), b.GetProperty("incidentCount").GetInt32())));
        Assert.Equal(3, checkoutOnly.GetProperty("incidentCount").GetInt32());
        Assert.Equal([("2024-03-01", 3)], checkoutOnly.GetProperty("byPeriod").EnumerateArray().Select(p => (p.GetProperty("periodStart").GetString(), p.GetProperty("incidentCount").GetInt32())));
        Assert.Equal(0, otherOrg.GetProperty("incidentCount").GetInt32());
        Assert.Empty(otherOrg.GetProperty("bySeverity").EnumerateArray());
    }

    [Fact]
    public async Task Org_metrics_follow_every_change_to_an_incident_and_cut_the_range_at_its_exact_instants()
    {
        var client = service.CreateClient();
        const string range = "from=2025-06-10T12:00:00Z&to=2025-07-10T12:00:00Z&interval=month";
        var outage = await DeclareAsync(client, new { title = "Checkout errors", severity = "SEV3", kind = "outage", services = new[] { "checkout-api" }, startedAt = "2025-06-10T12:00:00Z", detectedAt = "2025-06-10T12:05:00Z" });
        await DeclareAsync(client, new { title = "Just before the range", severity = "SEV3", startedAt = "2025-06-10T11:59:59.999Z" });
        await DeclareAsync(client, new { title = "Next month", severity = "SEV4", services = new[] { "search" }, startedAt = "2025-07-10T11:59:59Z" });
        await DeclareAsync(client, new { title = "At the end of the range", severity = "SEV4", startedAt = "2025-07-10T12:00:00Z" });
        var outageId = outage.GetProperty("id").GetString();

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/metrics?{range}");
        (await StepAsync(client, outage, "resolve", "2025-06-10T12:45:00Z")).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/incidents/{outageId}/severity", new { severity = "SEV1", reason = "Every checkout failed" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/incidents/{outageId}/impact", new { affectedCustomers = 1200 })).EnsureSuccessStatusCode();
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/metrics?{range}");
        var again = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/metrics?{range}");

        Assert.Equal((2, 2, 0, 0), (before.GetProperty("incidentCount").GetInt32(), before.GetProperty("openCount").GetInt32(),
            before.GetProperty("highSeverityCount").GetInt32(), before.GetProperty("timeToResolve").GetProperty("count").GetInt32()));
        Assert.Equal([("SEV3", 1), ("SEV4", 1)], Breakdown(before, "bySeverity"));
        Assert.Equal([("checkout-api", 1), ("search", 1)], Breakdown(before, "byService"));
        foreach (var metrics in new[] { after, again })
        {
            Assert.Equal((2, 1, 1, 1), (metrics.GetProperty("incidentCount").GetInt32(), metrics.GetProperty("openCount").GetInt32(),
                metrics.GetProperty("highSeverityCount").GetInt32(), metrics.GetProperty("customerImpactingCount").GetInt32()));
            Assert.Equal(40.0, metrics.GetProperty("timeToResolve").GetProperty("medianMinutes").GetDouble());
            Assert.Equal(45.0, metrics.GetProperty("duration").GetProperty("meanMinutes").GetDouble());
            Assert.Equal([("SEV1", 1), ("SEV4", 1)], Breakdown(metrics, "bySeverity"));
            Assert.Equal([("2025-06-01", 1, 40.0), ("2025-07-01", 1, (double?)null)], metrics.GetProperty("byPeriod").EnumerateArray().Select(p => (
                p.GetProperty("periodStart").GetString(), p.GetProperty("incidentCount").GetInt32(),
                p.GetProperty("medianTimeToResolveMinutes").ValueKind == JsonValueKind.Null ? null : (double?)p.GetProperty("medianTimeToResolveMinutes").GetDouble())));
        }
    }

    private static IEnumerable<(string?, int)> Breakdown(JsonElement metrics, string property) =>
        metrics.GetProperty(property).EnumerateArray().Select(b => (b.GetProperty("value").GetString(), b.GetProperty("incidentCount").GetInt32()));

    [Theory]
    [InlineData("from=2024-04-01T00:00:00Z&to=2024-03-01T00:00:00Z", "to")]
    [InlineData("from=2010-01-01T00:00:00Z&to=2024-01-01T00:00:00Z", "from")]
    [InlineData("interval=day", "interval")]
    [InlineData("severity=SEV5", "severity")]
    [InlineData("kind=volcano", "kind")]
    public async Task Bad_metrics_parameters_are_named(string query, string parameter)
    {
        var response = await service.CreateClient().GetAsync($"/api/incidents/metrics?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Another_orgs_incidents_are_neither_listed_nor_found_by_search()
    {
        var owner = service.CreateClient();
        await DeclareAsync(owner, new { title = "Zanzibar gateway timeout", severity = "SEV2", startedAt = "2024-03-15T14:23:00Z" });

        Assert.Single(await TitlesAsync(owner, "q=zanzibar"));
        Assert.Empty(await TitlesAsync(service.CreateClient(), "q=zanzibar"));
        Assert.Empty(await TitlesAsync(service.CreateClient(), ""));
    }

    private static async Task<string[]> TitlesAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/incidents?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).Order(StringComparer.Ordinal)];
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentPlatform.EndToEndTests;

/// <summary>The incident record as a client uses it through the gateway: write with If-Match, search, org metrics.</summary>
public sealed class IncidentRecordThroughGatewayTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_incident_is_recorded_with_If_Match_found_by_search_and_counted_in_the_org_metrics()
    {
        var client = platform.GatewayClient();
        var declared = await client.PostAsJsonAsync("/api/incidents", new
        {
            title = "Payments webhook backlog",
            severity = "SEV2",
            kind = "outage",
            services = new[] { "payments-webhooks" },
            startedAt = "2025-02-03T10:00:00Z",
            detectedAt = "2025-02-03T10:06:00Z",
        });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var impact = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}/impact") { Content = JsonContent.Create(new { failedRequests = 1500 }) };
        impact.Headers.IfMatch.Add(declared.Headers.ETag!);
        var recorded = await client.SendAsync(impact);
        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/incidents/{id}/impact") { Content = JsonContent.Create(new { failedRequests = 1 }) };
        stale.Headers.IfMatch.Add(declared.Headers.ETag!);
        var staleAnswer = await client.SendAsync(stale);
        await GatewayJson.PostAsync(client, $"/api/incidents/{id}/timeline", new { occurredAt = "2025-02-03T10:04:00Z", text = "Alert: webhook queue depth above 10,000" });
        await GatewayJson.PostAsync(client, $"/api/incidents/{id}/resolve", new { at = "2025-02-03T10:36:00Z" });

        var found = await GatewayJson.FirstItemAsync(client, "/api/incidents?q=queue%20depth");
        var metrics = await client.GetFromJsonAsync<JsonElement>("/api/incidents/metrics?from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z");
        var strangersMetrics = await platform.GatewayClient().GetFromJsonAsync<JsonElement>("/api/incidents/metrics?from=2025-02-01T00:00:00Z&to=2025-03-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleAnswer.StatusCode);
        Assert.Equal(id, found?.GetProperty("id").GetString());
        Assert.Equal((1, 1), (metrics.GetProperty("incidentCount").GetInt32(), metrics.GetProperty("customerImpactingCount").GetInt32()));
        Assert.Equal(30, metrics.GetProperty("timeToResolve").GetProperty("medianMinutes").GetDouble());
        Assert.Equal(0, strangersMetrics.GetProperty("incidentCount").GetInt32());
    }
}

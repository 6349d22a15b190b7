using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class IncidentPeopleAndRecordTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    [Fact]
    public async Task Participants_join_in_roles_the_lead_is_handed_over_and_IncidentUpdated_carries_them()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentUpdated>.StartAsync(service.MessagingConnectionString);
        var id = (await DeclareAsync(client)).GetProperty("id").GetGuid();

        var joined = await client.PutAsJsonAsync($"/api/incidents/{id}/participants/sam-oid", new { displayName = "Sam Chen", role = "communicationsLead" });
        var handedOver = await SendWithETagAsync(client, HttpMethod.Put, $"/api/incidents/{id}/lead", new { userId = "sam-oid", displayName = "Sam Chen", reason = "End of shift" });
        var unknownRole = await client.PutAsJsonAsync($"/api/incidents/{id}/participants/kim-oid", new { displayName = "Kim", role = "hero" });
        var leadAsParticipant = await client.PutAsJsonAsync($"/api/incidents/{id}/participants/sam-oid", new { displayName = "Sam Chen", role = "scribe" });
        var removedNobody = await client.DeleteAsync($"/api/incidents/{id}/participants/nobody");

        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, handedOver.StatusCode);
        var incident = await handedOver.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sam-oid", incident.GetProperty("incidentLead").GetProperty("userId").GetString());
        var formerLead = Assert.Single(incident.GetProperty("participants").EnumerateArray());
        Assert.Equal((caller.UserId, "responder"), (formerLead.GetProperty("userId").GetString(), formerLead.GetProperty("role").GetString()));
        Assert.Equal("End of shift", Assert.Single(incident.GetProperty("leadChanges").EnumerateArray()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, leadAsParticipant.StatusCode);
        Assert.True((await ProblemAsync(leadAsParticipant)).GetProperty("errors").TryGetProperty("userId", out _));
        Assert.Equal(HttpStatusCode.NotFound, removedNobody.StatusCode);
        var updated = await recorder.WaitForAsync(e => e.IncidentId == id && e.Changed.Contains("lead"));
        Assert.Equal(("sam-oid", caller.UserId, "responder"), (updated.IncidentLead.UserId, updated.Participants.Single().UserId, updated.Participants.Single().Role));
    }

    [Fact]
    public async Task Impact_is_recorded_with_its_currency_and_every_bad_figure_is_named()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetGuid();

        var recorded = await SendWithETagAsync(client, HttpMethod.Put, $"/api/incidents/{id}/impact", new
        {
            failedRequests = 300,
            affectedCustomers = 280,
            downtimeMinutes = 0,
            slasBreached = new[] { "checkout availability 99.95%" },
            revenueEstimate = new { amount = 4500, currency = "usd" },
            supportTickets = 12,
        });
        var bad = await client.PutAsJsonAsync($"/api/incidents/{id}/impact", new { affectedUsers = -5, revenueEstimate = new { amount = 10, currency = "DOLLARS" } });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var impact = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("impact");
        Assert.Equal((300, "USD", 4500m, true), (impact.GetProperty("failedRequests").GetInt32(), impact.GetProperty("revenueEstimate").GetProperty("currency").GetString(),
            impact.GetProperty("revenueEstimate").GetProperty("amount").GetDecimal(), impact.GetProperty("isCustomerImpacting").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, impact.GetProperty("affectedUsers").ValueKind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var errors = (await ProblemAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("affectedUsers", out _));
        Assert.True(errors.TryGetProperty("revenueEstimate.currency", out _));
        Assert.Equal(300, (await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}")).GetProperty("impact").GetProperty("failedRequests").GetInt32());
    }

    [Fact]
    public async Task Evidence_links_are_added_and_removed_and_bad_links_are_refused()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetGuid();

        var added = await SendWithETagAsync(client, HttpMethod.Post, $"/api/incidents/{id}/evidence", new { kind = "dashboard", url = "https://grafana.example.com/d/checkout", title = "Checkout errors" });
        var duplicate = await client.PostAsJsonAsync($"/api/incidents/{id}/evidence", new { kind = "logs", url = "https://grafana.example.com/d/checkout" });
        var notAUrl = await client.PostAsJsonAsync($"/api/incidents/{id}/evidence", new { kind = "logs", url = "file:///etc/passwd" });
        var unknownKind = await client.PostAsJsonAsync($"/api/incidents/{id}/evidence", new { kind = "rumour", url = "https://example.com" });

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var link = Assert.Single((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidence").EnumerateArray());
        Assert.Equal(("dashboard", "Checkout errors"), (link.GetProperty("kind").GetString(), link.GetProperty("title").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAUrl.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        var removed = await client.DeleteAsync($"/api/incidents/{id}/evidence/{link.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty((await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidence").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/incidents/{id}/evidence/{link.GetProperty("id").GetGuid()}")).StatusCode);
    }

    [Fact]
    public async Task A_stale_ETag_changes_nothing()
    {
        var client = service.CreateClient();
        var declared = await client.PostAsJsonAsync("/api/incidents", Declaration());
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await client.PutAsJsonAsync($"/api/incidents/{id}/participants/sam-oid", new { displayName = "Sam Chen", role = "scribe" });

        var requests = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Put, $"/api/incidents/{id}/lead", new { userId = "kim-oid", displayName = "Kim" }),
            (HttpMethod.Put, $"/api/incidents/{id}/participants/kim-oid", new { displayName = "Kim", role = "responder" }),
            (HttpMethod.Delete, $"/api/incidents/{id}/participants/sam-oid", null),
            (HttpMethod.Put, $"/api/incidents/{id}/impact", new { failedRequests = 1 }),
            (HttpMethod.Post, $"/api/incidents/{id}/evidence", new { kind = "logs", url = "https://logs.example.com" }),
        };
        foreach (var (method, path, body) in requests)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.IfMatch.Add(declared.Headers.ETag!);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(request)).StatusCode);
        }

        var incident = await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Equal("sam-oid", Assert.Single(incident.GetProperty("participants").EnumerateArray()).GetProperty("userId").GetString());
        Assert.Empty(incident.GetProperty("evidence").EnumerateArray());
    }

    [Fact]
    public async Task Another_org_can_not_change_the_people_or_the_record()
    {
        var owner = service.CreateClient();
        var id = (await DeclareAsync(owner)).GetProperty("id").GetGuid();
        var link = await owner.PostAsJsonAsync($"/api/incidents/{id}/evidence", new { kind = "ticket", url = "https://jira.example.com/OPS-1" });
        var linkId = (await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evidence")[0].GetProperty("id").GetGuid();
        await owner.PutAsJsonAsync($"/api/incidents/{id}/participants/sam-oid", new { displayName = "Sam Chen", role = "scribe" });
        var stranger = service.CreateClient();

        HttpResponseMessage[] answers =
        [
            await stranger.PutAsJsonAsync($"/api/incidents/{id}/lead", new { userId = "x", displayName = "X" }),
            await stranger.PutAsJsonAsync($"/api/incidents/{id}/participants/x", new { displayName = "X", role = "responder" }),
            await stranger.DeleteAsync($"/api/incidents/{id}/participants/sam-oid"),
            await stranger.PutAsJsonAsync($"/api/incidents/{id}/impact", new { failedRequests = 1 }),
            await stranger.PostAsJsonAsync($"/api/incidents/{id}/evidence", new { kind = "logs", url = "https://evil.example.com" }),
            await stranger.DeleteAsync($"/api/incidents/{id}/evidence/{linkId}"),
        ];

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode));
        var incident = await owner.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
        Assert.Single(incident.GetProperty("evidence").EnumerateArray());
        Assert.Single(incident.GetProperty("participants").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("impact").GetProperty("failedRequests").ValueKind);
    }

    /// <summary>Sends with the incident's current ETag, as a careful client does.</summary>
    private static async Task<HttpResponseMessage> SendWithETagAsync(HttpClient client, HttpMethod method, string path, object body)
    {
        var incidentPath = path[..(path.IndexOf("/", "/api/incidents/".Length, StringComparison.Ordinal))];
        var current = await client.GetAsync(incidentPath);
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(current.Headers.ETag!);
        return await client.SendAsync(request);
    }
}

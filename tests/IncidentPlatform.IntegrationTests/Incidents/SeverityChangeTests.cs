using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class SeverityChangeTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    [Fact]
    public async Task A_reclassification_is_kept_with_who_when_and_why_and_published()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentSeverityChanged>.StartAsync(service.MessagingConnectionString);
        var declared = await client.PostAsJsonAsync("/api/incidents", Declaration(severity: "SEV3"));
        var incident = await declared.Content.ReadFromJsonAsync<JsonElement>();
        var id = incident.GetProperty("id").GetString();

        var change = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/severity")
        {
            Content = JsonContent.Create(new { severity = "P1", reason = "All EU checkouts fail, not just the canary" }),
        };
        change.Headers.IfMatch.Add(declared.Headers.ETag!);
        var changed = await client.SendAsync(change);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var body = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SEV1", body.GetProperty("severity").GetString());
        var history = Assert.Single(body.GetProperty("severityChanges").EnumerateArray());
        Assert.Equal(("SEV3", "SEV1", "All EU checkouts fail, not just the canary", caller.UserId),
            (history.GetProperty("from").GetString(), history.GetProperty("to").GetString(), history.GetProperty("reason").GetString(),
             history.GetProperty("changedBy").GetProperty("userId").GetString()));
        var published = await recorder.WaitForAsync(e => e.IncidentId == Guid.Parse(id!));
        Assert.Equal((Severity.Sev3, Severity.Sev1, caller.OrgId), (published.From, published.To, published.OrgId));
        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/incidents/{id}/severity") { Content = JsonContent.Create(new { severity = "SEV2", reason = "Second thoughts" }) };
        stale.Headers.IfMatch.Add(declared.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(stale)).StatusCode);
    }

    [Theory]
    [InlineData("SEV2", "", HttpStatusCode.BadRequest, "reason")]
    [InlineData("SEV9", "Because", HttpStatusCode.BadRequest, "severity")]
    [InlineData(null, "Because", HttpStatusCode.BadRequest, "severity")]
    public async Task A_bad_reclassification_names_the_field(string? severity, string reason, HttpStatusCode status, string field)
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var response = await client.PostAsJsonAsync($"/api/incidents/{id}/severity", new { severity, reason });

        Assert.Equal(status, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Reclassifying_to_the_same_severity_is_a_conflict_and_another_org_gets_404()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var same = await client.PostAsJsonAsync($"/api/incidents/{id}/severity", new { severity = "SEV2", reason = "No change really" });
        var foreign = await service.CreateClient().PostAsJsonAsync($"/api/incidents/{id}/severity", new { severity = "SEV1", reason = "Intruder" });

        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
        Assert.Contains("already SEV2", (await ProblemAsync(same)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("SEV2", (await client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}")).GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Mitigating_publishes_IncidentMitigated()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        await using var recorder = await EventRecorder<IncidentMitigated>.StartAsync(service.MessagingConnectionString);
        var incident = await DeclareAsync(client);

        await StepAsync(client, incident, "mitigate", "2024-03-15T14:38:00Z");

        var published = await recorder.WaitForAsync(e => e.IncidentId == Guid.Parse(incident.GetProperty("id").GetString()!));
        Assert.Equal(DateTimeOffset.Parse("2024-03-15T14:38:00Z"), published.MitigatedAt);
        Assert.Equal(caller.OrgId, published.OrgId);
    }
}

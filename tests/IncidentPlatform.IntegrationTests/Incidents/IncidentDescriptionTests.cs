using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Incidents.IncidentRequests;

namespace IncidentPlatform.IntegrationTests.Incidents;

public sealed class IncidentDescriptionTests(IncidentsServiceFixture service) : IClassFixture<IncidentsServiceFixture>
{
    [Fact]
    public async Task An_incident_is_declared_with_summary_kind_and_tags_and_updated_with_If_Match()
    {
        var client = service.CreateClient();
        var declared = await client.PostAsJsonAsync("/api/incidents", new
        {
            title = "Checkout failures after deploy",
            severity = "SEV2",
            startedAt = "2024-03-15T14:23:00Z",
            summary = "v2.4.1 broke checkout for 5% of traffic.",
            kind = "degradedRelease",
            tags = new[] { "Canary", "payments", "canary" },
        });
        var incident = await declared.Content.ReadFromJsonAsync<JsonElement>();
        var url = $"/api/incidents/{incident.GetProperty("id").GetString()}";

        var update = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { summary = "v2.4.1 broke checkout; ~300 failed checkouts.", tags = new[] { "payments" } }) };
        update.Headers.IfMatch.Add(declared.Headers.ETag!);
        var updated = await client.SendAsync(update);
        var stale = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { kind = "outage" }) };
        stale.Headers.IfMatch.Add(declared.Headers.ETag!);
        var staleUpdate = await client.SendAsync(stale);

        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        Assert.Equal("degradedRelease", incident.GetProperty("kind").GetString());
        Assert.Equal(["canary", "payments"], incident.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await client.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal("v2.4.1 broke checkout; ~300 failed checkouts.", read.GetProperty("summary").GetString());
        Assert.Equal("degradedRelease", read.GetProperty("kind").GetString());
        Assert.Equal(["payments"], read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleUpdate.StatusCode);
    }

    [Fact]
    public async Task A_10_kB_title_an_unknown_kind_and_too_many_tags_are_named()
    {
        var client = service.CreateClient();
        var id = (await DeclareAsync(client)).GetProperty("id").GetString();

        var longTitle = await client.PatchAsJsonAsync($"/api/incidents/{id}", new { title = new string('x', 10_240) });
        var unknownKind = await client.PatchAsJsonAsync($"/api/incidents/{id}", new { kind = "meteorite" });
        var manyTags = await client.PatchAsJsonAsync($"/api/incidents/{id}", new { tags = Enumerable.Range(0, 21).Select(i => $"t{i}") });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, longTitle.StatusCode);
        Assert.True((await ProblemAsync(longTitle)).GetProperty("errors").TryGetProperty("title", out _));
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.True((await ProblemAsync(unknownKind)).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, manyTags.StatusCode);
        Assert.True((await ProblemAsync(manyTags)).GetProperty("errors").TryGetProperty("tags", out _));
    }

    [Fact]
    public async Task Another_org_can_not_update_an_incident()
    {
        var owner = service.CreateClient();
        var id = (await DeclareAsync(owner)).GetProperty("id").GetString();

        var foreign = await service.CreateClient().PatchAsJsonAsync($"/api/incidents/{id}", new { title = "Owned" });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("Checkout errors after deploy", (await owner.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}")).GetProperty("title").GetString());
    }
}

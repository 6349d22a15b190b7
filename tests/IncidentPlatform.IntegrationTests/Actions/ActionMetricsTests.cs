using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionMetricsTests(ClockedActionsServiceFixture service) : IClassFixture<ClockedActionsServiceFixture>
{
    [Fact]
    public async Task Completion_within_deadline_time_to_close_overdue_types_teams_and_the_repeat_effect_are_counted_for_the_org_only()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var start = service.Clock.GetUtcNow();
        var onTime = (await CreateAsync(client, WithType(Item(review.ReviewId, dueDate: InDays(5, service.Clock), priority: "P1"), "prevent"))).GetProperty("id").GetGuid();
        var detectRequest = WithType(Item(review.ReviewId, title: "Alert when checkout p99 exceeds 800 ms for 5 minutes", dueDate: InDays(5, service.Clock), priority: "P2"), "detect");
        detectRequest["secondaryOwnerTeam"] = null;
        await CreateAsync(client, detectRequest);
        var lateRequest = WithType(Item(review.ReviewId, title: "Roll back automatically when the error rate doubles", dueDate: InDays(5, service.Clock), priority: "P2"), "mitigate");
        lateRequest["secondaryOwnerTeam"] = "Payments";
        var late = (await CreateAsync(client, lateRequest)).GetProperty("id").GetGuid();
        var evidence = new { evidence = new[] { new { note = "Merged and drilled in staging" } } };
        await PostAsync(client, $"/api/action-items/{onTime}/complete", evidence);
        service.Clock.Advance(TimeSpan.FromDays(10));
        await PostAsync(client, $"/api/action-items/{late}/complete", evidence);

        var range = $"from={Uri.EscapeDataString(start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(service.Clock.GetUtcNow().AddMinutes(1).ToString("O"))}";
        var metrics = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}");
        var payments = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}&team=Payments");
        var checkout = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}&service=checkout-api&priority=P2");
        var search = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}&service=search");
        var strangers = await service.CreateClient().GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}");
        var badPriority = await client.GetAsync("/api/action-items/metrics?priority=urgent");
        var backwards = await client.GetAsync("/api/action-items/metrics?from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z");

        Assert.Equal(3, metrics.GetProperty("itemsCreated").GetInt32());
        Assert.Equal(3, metrics.GetProperty("itemsPerReview").GetDouble());
        Assert.Equal(0.3333, metrics.GetProperty("typeShare").GetProperty("detect").GetDouble());
        var completion = metrics.GetProperty("completion");
        Assert.Equal(3, completion.GetProperty("dueItems").GetInt32());
        Assert.Equal(1, completion.GetProperty("completedOnTime").GetInt32());
        Assert.Equal(1, completion.GetProperty("overdueNow").GetInt32());
        Assert.Equal("redFlag", completion.GetProperty("health").GetString());
        Assert.Equal(2, metrics.GetProperty("itemsClosed").GetInt32());
        Assert.Equal(5.0, metrics.GetProperty("medianDaysToClose").GetDouble());
        Assert.Equal(9.0, metrics.GetProperty("p90DaysToClose").GetDouble());
        Assert.Equal(["checkout-api:3:1:1"], metrics.GetProperty("byService").EnumerateArray().Select(s =>
            $"{s.GetProperty("name").GetString()}:{s.GetProperty("dueItems").GetInt32()}:{s.GetProperty("completedOnTime").GetInt32()}:{s.GetProperty("overdueNow").GetInt32()}"));
        Assert.Equal(1, metrics.GetProperty("overdueByPriority").GetProperty("P2").GetInt32());
        Assert.Equal(0, metrics.GetProperty("overdueByPriority").GetProperty("P1").GetInt32());
        Assert.Equal([":1", "Payments:1", "Platform Team:1"],
            metrics.GetProperty("byTeam").EnumerateArray().Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("dueItems").GetInt32()}"));
        var effect = Assert.Single(metrics.GetProperty("effect").EnumerateArray());
        Assert.Equal("checkout-api", effect.GetProperty("service").GetString());
        Assert.Equal(2, effect.GetProperty("completedActions").GetInt32());
        Assert.Equal(1, effect.GetProperty("incidentsBefore").GetInt32());
        Assert.Equal(0, effect.GetProperty("incidentsAfter").GetInt32());
        Assert.Equal(1, payments.GetProperty("completion").GetProperty("dueItems").GetInt32());
        Assert.Equal(2, checkout.GetProperty("itemsCreated").GetInt32());
        Assert.Equal(1, checkout.GetProperty("itemsClosed").GetInt32());
        Assert.Equal(10.0, checkout.GetProperty("medianDaysToClose").GetDouble());
        Assert.Equal(1, checkout.GetProperty("overdueByPriority").GetProperty("P2").GetInt32());
        Assert.Equal(2, Assert.Single(checkout.GetProperty("byService").EnumerateArray()).GetProperty("dueItems").GetInt32());
        Assert.Equal(1, Assert.Single(checkout.GetProperty("effect").EnumerateArray()).GetProperty("completedActions").GetInt32());
        Assert.Equal(0, search.GetProperty("itemsCreated").GetInt32());
        Assert.Empty(search.GetProperty("byService").EnumerateArray());
        Assert.Equal(0, strangers.GetProperty("itemsCreated").GetInt32());
        Assert.Null(strangers.GetProperty("completion").GetProperty("completionRate").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);

        // The metrics follow every change of an item: reopened, it is no longer closed; declined, it no longer counts.
        await PostAsync(client, $"/api/action-items/{late}/reopen", new { reason = "The rollback did not trigger in the drill" });
        var reopened = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}");
        Assert.Equal(1, reopened.GetProperty("itemsClosed").GetInt32());
        Assert.Equal(2, reopened.GetProperty("completion").GetProperty("overdueNow").GetInt32());
        Assert.Equal(2, reopened.GetProperty("overdueByPriority").GetProperty("P2").GetInt32());
        await PostAsync(client, $"/api/action-items/{late}/wont-do", new { reason = "Superseded by the new deploy pipeline" });
        var declined = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/metrics?{range}");
        Assert.Equal(2, declined.GetProperty("itemsCreated").GetInt32());
        Assert.Equal(2, declined.GetProperty("completion").GetProperty("dueItems").GetInt32());
        Assert.Equal(1, declined.GetProperty("overdueByPriority").GetProperty("P2").GetInt32());
    }

    private static Dictionary<string, object?> WithType(Dictionary<string, object?> item, string type)
    {
        item["type"] = type;
        return item;
    }
}

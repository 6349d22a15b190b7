using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionQualityApiTests(ActionsServiceFixture service) : IClassFixture<ActionsServiceFixture>
{
    [Fact]
    public async Task A_draft_is_checked_before_it_is_saved()
    {
        var client = service.CreateClient();

        var vague = await client.PostAsJsonAsync("/api/action-items/quality-check", new { title = "Be more careful with deployments", owner = new { displayName = "Platform Team" }, priority = "P1" });
        var good = await client.PostAsJsonAsync("/api/action-items/quality-check", new
        {
            title = "Add integration test for payment retry with declined card codes",
            definitionOfDone = "Test passes in CI and fails against v2.4.1",
            owner = new { userId = "mike-oid", displayName = "Mike" },
            dueDate = InDays(10),
            priority = "P2",
        });

        var vagueResult = await vague.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(vagueResult.GetProperty("passes").GetBoolean());
        Assert.Equal(["dueDateMissing", "emptyPromise", "noMeasurableDone", "ownerIsTeam"],
            vagueResult.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).Order());
        Assert.True((await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passes").GetBoolean());
    }

    [Fact]
    public async Task An_open_item_of_an_earlier_incident_on_the_same_service_is_flagged_as_a_duplicate()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var earlier = await service.KnownReviewAsync(caller, Severity.Sev2, "checkout-api");
        var later = await service.KnownReviewAsync(caller, Severity.Sev2, "checkout-api");
        var unrelated = await service.KnownReviewAsync(caller, Severity.Sev2, "search");
        var open = (await CreateAsync(client, Item(earlier.ReviewId, title: "Implement automated canary analysis for checkout-api"))).GetProperty("id").GetGuid();

        var repeated = await CreateAsync(client, Item(later.ReviewId, title: "Implement canary analysis for checkout-api deploys"));
        var elsewhere = await CreateAsync(client, Item(unrelated.ReviewId, title: "Implement canary analysis for checkout-api deploys"));

        var duplicate = Assert.Single(repeated.GetProperty("quality").EnumerateArray(), f => f.GetProperty("code").GetString() == "duplicateOfOpenItem");
        Assert.Contains(open.ToString(), duplicate.GetProperty("goodExample").GetString());
        Assert.DoesNotContain(elsewhere.GetProperty("quality").EnumerateArray(), f => f.GetProperty("code").GetString() == "duplicateOfOpenItem");
    }

    [Fact]
    public async Task A_review_report_scores_its_items_and_flags_a_SEV1_without_key_actions_and_more_than_five()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var empty = await service.KnownReviewAsync(caller, Severity.Sev1);
        var crowded = await service.KnownReviewAsync(caller, Severity.Sev2, "ledger");
        string[] titles =
        [
            "Implement automated canary analysis that blocks promotion if error rate > 0.5%",
            "Add integration test for payment retry with declined card codes",
            "Implement automated rollback trigger when error rate exceeds 2x baseline",
            "Set connection pool max to 50 per pod in ledger-api",
            "Page on-call when queue depth exceeds 10k for 5 minutes",
            "Improve monitoring",
        ];
        foreach (var title in titles)
        {
            await CreateAsync(client, Item(crowded.ReviewId, title: title, priority: "P2"));
        }

        var emptyReport = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/quality?reviewId={empty.ReviewId}");
        var crowdedReport = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/quality?reviewId={crowded.ReviewId}");
        var missing = await client.GetAsync("/api/action-items/quality");

        Assert.Equal("noKeyActions", emptyReport.GetProperty("reviewFindings")[0].GetProperty("code").GetString());
        Assert.Equal("tooManyKeyActions", crowdedReport.GetProperty("reviewFindings")[0].GetProperty("code").GetString());
        Assert.Equal(6, crowdedReport.GetProperty("items").GetInt32());
        Assert.Equal(5, crowdedReport.GetProperty("itemsPassing").GetInt32());
        Assert.Equal(83, crowdedReport.GetProperty("score").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task The_org_tunes_its_SLOs_within_bounds_and_the_check_follows_them()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var other = service.CreateClient();
        var initial = await client.GetAsync("/api/action-items/policy");

        var outOfBounds = await client.PutAsJsonAsync("/api/action-items/policy", new { p1Weeks = 20, p2Weeks = 12, p3Weeks = 26, reminderDays = 7 });
        var changed = await client.PutAsJsonAsync("/api/action-items/policy", new { p1Weeks = 2, p2Weeks = 12, p3Weeks = 26, reminderDays = 3 });
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/action-items/policy")
        {
            Content = JsonContent.Create(new { p1Weeks = 4, p2Weeks = 12, p3Weeks = 26, reminderDays = 3 }),
        };
        stale.Headers.TryAddWithoutValidation("If-Match", initial.Headers.ETag!.Tag);
        var staleResponse = await client.SendAsync(stale);
        var check = await client.PostAsJsonAsync("/api/action-items/quality-check", new
        {
            title = "Set connection pool max to 50 per pod in checkout-api", definitionOfDone = "Config deployed", owner = new { userId = "a", displayName = "Sarah" },
            dueDate = InDays(20), priority = "P1",
        });

        Assert.True((await initial.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDefault").GetBoolean());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfBounds.StatusCode);
        Assert.Equal(["p1Weeks", "p2Weeks"], ErrorFields(await ProblemAsync(outOfBounds)));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal("dueBeyondSlo", (await check.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Equal(8, (await other.GetFromJsonAsync<JsonElement>("/api/action-items/policy")).GetProperty("settings").GetProperty("p1Weeks").GetInt32());
    }
}

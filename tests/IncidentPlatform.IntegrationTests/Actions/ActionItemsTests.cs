using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionItemsTests(ActionsServiceFixture service) : IClassFixture<ActionsServiceFixture>
{
    [Fact]
    public async Task An_action_item_added_to_a_review_keeps_every_field_is_announced_and_answers_with_its_quality()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        await using var recorder = await EventRecorder<ActionItemCreated>.StartAsync(service.MessagingConnectionString);
        var factorId = Guid.NewGuid();
        var request = Item(review.ReviewId, priority: "must");
        request["contributingFactorIds"] = new[] { factorId };
        request["expectedOutcome"] = "A release that raises checkout errors never reaches more than 5% of traffic.";
        request["trackerUrl"] = "https://github.com/acme/checkout-api/issues/88";

        var response = await client.PostAsJsonAsync("/api/action-items", request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(created.GetProperty("quality").EnumerateArray());
        var item = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("INC-2024-042", item.GetProperty("incidentReference").GetString());
        Assert.Equal(["checkout-api"], item.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("P1", item.GetProperty("priority").GetString());
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Equal("preventive", item.GetProperty("nature").GetString());
        Assert.Equal("Platform Team", item.GetProperty("secondaryOwnerTeam").GetString());
        Assert.Equal(factorId, item.GetProperty("contributingFactorIds")[0].GetGuid());
        Assert.Equal("https://github.com/acme/checkout-api/issues/88", item.GetProperty("trackerUrl").GetString());
        Assert.Equal(caller.UserId, item.GetProperty("createdBy").GetProperty("userId").GetString());
        Assert.False(item.GetProperty("overdue").GetBoolean());
        var announced = await recorder.WaitForAsync(e => e.ActionItemId == item.GetProperty("id").GetGuid());
        Assert.Equal(caller.OrgId, announced.OrgId);
        Assert.Equal("prevent", announced.Type);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/action-items?reviewId={review.ReviewId}");
        Assert.Single(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_vague_item_is_saved_with_findings_that_explain_why_and_show_the_good_example()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var request = Item(review.ReviewId, title: "Improve monitoring", priority: "P1", dueDate: InDays(80));
        request["definitionOfDone"] = null;

        var created = await CreateAsync(client, request);

        var findings = created.GetProperty("quality").EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!);
        Assert.Equal(["dueBeyondSlo", "noMeasurableDone", "vague"], findings.Keys.Order());
        Assert.StartsWith("Could mean anything", findings["vague"].GetProperty("why").GetString());
        Assert.Contains("1-minute granularity", findings["vague"].GetProperty("goodExample").GetString());
    }

    [Fact]
    public async Task An_edit_needs_the_current_ETag_changes_only_what_it_names_and_is_kept_in_the_history()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var created = await client.PostAsJsonAsync("/api/action-items", Item(review.ReviewId));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var edit = new HttpRequestMessage(HttpMethod.Patch, $"/api/action-items/{id}") { Content = JsonContent.Create(new { dueDate = InDays(40), priority = "should" }) };
        edit.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        var edited = await client.SendAsync(edit);
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/action-items/{id}") { Content = JsonContent.Create(new { title = "Something else entirely" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", created.Headers.ETag!.Tag);
        var staleResponse = await client.SendAsync(stale);
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/history");

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var item = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("P2", item.GetProperty("priority").GetString());
        Assert.Equal(InDays(40), item.GetProperty("dueDate").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal(["created", "edited"], history.EnumerateArray().Select(h => h.GetProperty("what").GetString()));
        Assert.Equal(["dueDate", "priority"], history[1].GetProperty("fields").EnumerateArray().Select(f => f.GetString()).Order());
        Assert.Equal(caller.UserId, history[1].GetProperty("by").GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Dependencies_must_be_items_of_the_org_and_never_close_a_cycle()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var first = (await CreateAsync(client, Item(review.ReviewId, title: "Add a lock timeout of 5 s to schema migrations"))).GetProperty("id").GetGuid();
        var secondRequest = Item(review.ReviewId, title: "Replay the INC-2024-042 migration in staging with the timeout");
        secondRequest["dependsOn"] = new[] { first };
        var second = (await CreateAsync(client, secondRequest)).GetProperty("id").GetGuid();
        var thirdRequest = Item(review.ReviewId, title: "Gate deploys on the migration replay result");
        thirdRequest["dependsOn"] = new[] { second };
        var third = (await CreateAsync(client, thirdRequest)).GetProperty("id").GetGuid();
        var foreignReview = await service.KnownReviewAsync(TestCaller.NewOrg());
        var stranger = TestCaller.NewOrg();
        var strangerReview = await service.KnownReviewAsync(stranger);
        var foreign = (await CreateAsync(service.CreateClient(stranger), Item(strangerReview.ReviewId))).GetProperty("id").GetGuid();

        var cycle = await client.PatchAsJsonAsync($"/api/action-items/{first}", new { dependsOn = new[] { third } });
        var onItself = await client.PatchAsJsonAsync($"/api/action-items/{first}", new { dependsOn = new[] { first } });
        var foreignRequest = Item(review.ReviewId);
        foreignRequest["dependsOn"] = new[] { foreign };
        var onForeign = await client.PostAsJsonAsync("/api/action-items", foreignRequest);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, cycle.StatusCode);
        var problem = await ProblemAsync(cycle);
        Assert.Equal(["dependsOn"], ErrorFields(problem));
        Assert.Contains("cycle", problem.GetProperty("errors").GetProperty("dependsOn")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onItself.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, onForeign.StatusCode);
        Assert.Equal(["dependsOn"], ErrorFields(await ProblemAsync(onForeign)));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{first}")).GetProperty("dependsOn").EnumerateArray());
        Assert.NotEqual(Guid.Empty, foreignReview.ReviewId);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_each_field()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var someoneElsesPerson = TestCaller.NewOrg();
        var otherReview = await service.KnownReviewAsync(someoneElsesPerson);
        // The other org's person acts there once, so the service knows whose person they are.
        await CreateAsync(service.CreateClient(someoneElsesPerson), Item(otherReview.ReviewId));

        var missing = await client.PostAsJsonAsync("/api/action-items", new { reviewId = review.ReviewId });
        var badPriority = await client.PostAsJsonAsync("/api/action-items", Item(review.ReviewId, priority: "P7"));
        var pastDue = await client.PostAsJsonAsync("/api/action-items", Item(review.ReviewId, dueDate: "2020-01-01"));
        var badUrl = Item(review.ReviewId);
        badUrl["trackerUrl"] = "javascript:alert(1)";
        var badTracker = await client.PostAsJsonAsync("/api/action-items", badUrl);
        var foreignOwner = await client.PostAsJsonAsync("/api/action-items", Item(review.ReviewId, owner: new { userId = someoneElsesPerson.UserId, displayName = "Not ours" }));
        var unknownReview = await client.PostAsJsonAsync("/api/action-items", Item(Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(["dueDate", "owner", "priority", "title", "type"], ErrorFields(await ProblemAsync(missing)));
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastDue.StatusCode);
        Assert.Equal(["dueDate"], ErrorFields(await ProblemAsync(pastDue)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badTracker.StatusCode);
        Assert.Equal(["trackerUrl"], ErrorFields(await ProblemAsync(badTracker)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignOwner.StatusCode);
        Assert.Equal(["owner.userId"], ErrorFields(await ProblemAsync(foreignOwner)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownReview.StatusCode);
        Assert.Equal(["reviewId"], ErrorFields(await ProblemAsync(unknownReview)));
    }

    [Fact]
    public async Task The_list_filters_by_status_priority_owner_service_and_overdue_and_refuses_unknown_values()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller, Severity.Sev2, "checkout-api", "payments");
        var p1 = (await CreateAsync(client, Item(review.ReviewId, priority: "P1", owner: new { userId = "mike-" + caller.OrgId, displayName = "Mike" }))).GetProperty("id").GetGuid();
        var p3 = (await CreateAsync(client, Item(review.ReviewId, title: "Add a runbook step for cache warm-up after failover", priority: "nice"))).GetProperty("id").GetGuid();
        await PostAsync(client, $"/api/action-items/{p3}/start");

        async Task<Guid[]> Ids(string query) =>
            [.. (await client.GetFromJsonAsync<JsonElement>($"/api/action-items?{query}")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        Assert.Equal([p1], await Ids("priority=must"));
        Assert.Equal([p3], await Ids("status=inProgress"));
        Assert.Equal([p1], await Ids($"ownerUserId=mike-{caller.OrgId}"));
        Assert.Equal([p3, p1], await Ids("service=payments"));
        Assert.Empty(await Ids("overdue=true"));
        Assert.Empty(await Ids("service=search"));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/action-items?status=closed")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/action-items?priority=P9")).StatusCode);
    }
}

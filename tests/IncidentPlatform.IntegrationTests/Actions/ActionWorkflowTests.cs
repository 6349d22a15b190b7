using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionWorkflowTests(ActionsServiceFixture service) : IClassFixture<ActionsServiceFixture>
{
    [Fact]
    public async Task An_item_goes_from_open_to_verified_with_evidence_and_a_second_person_and_each_move_is_announced()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var verifier = service.CreateClient(owner.OtherUserOfSameOrg());
        var review = await service.KnownReviewAsync(owner);
        await using var moves = await EventRecorder<ActionItemStatusChanged>.StartAsync(service.MessagingConnectionString);
        await using var verifications = await EventRecorder<ActionItemVerified>.StartAsync(service.MessagingConnectionString);
        var id = (await CreateAsync(client, Item(review.ReviewId, owner: new { userId = owner.UserId, displayName = owner.Name }))).GetProperty("id").GetGuid();

        var started = await PostAsync(client, $"/api/action-items/{id}/start");
        var withoutEvidence = await PostAsync(client, $"/api/action-items/{id}/complete");
        var done = await PostAsync(client, $"/api/action-items/{id}/complete", new
        {
            evidence = new[] { new { url = "https://github.com/acme/checkout-api/pull/1234", note = "Canary gate merged" } },
        });
        var ownVerification = await PostAsync(client, $"/api/action-items/{id}/verify");
        var verified = await PostAsync(verifier, $"/api/action-items/{id}/verify", new { note = "Drill report checked" });
        var verifiedAgain = await PostAsync(verifier, $"/api/action-items/{id}/verify");

        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutEvidence.StatusCode);
        Assert.Equal(["evidence"], ErrorFields(await ProblemAsync(withoutEvidence)));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ownVerification.StatusCode);
        Assert.Contains("someone else", (await ProblemAsync(ownVerification)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, verifiedAgain.StatusCode);
        var item = await verified.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("verified", item.GetProperty("status").GetString());
        Assert.Equal("Other User", item.GetProperty("verifiedBy").GetProperty("displayName").GetString());
        await Eventually.TrueAsync(() => moves.Received.Count(m => m.Message.ActionItemId == id) == 3, "three status moves to be announced");
        Assert.Equal(["open>inProgress", "inProgress>done", "done>verified"],
            moves.Received.Where(m => m.Message.ActionItemId == id).OrderBy(m => m.Message.OccurredAt).Select(m => $"{m.Message.From}>{m.Message.To}"));
        var verification = await verifications.WaitForAsync(v => v.ActionItemId == id);
        Assert.Contains("https://github.com/acme/checkout-api/pull/1234", verification.Evidence[0]);
    }

    [Fact]
    public async Task Won_t_do_needs_a_reason_reopen_needs_one_too_and_history_keeps_both()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var id = (await CreateAsync(client, Item(review.ReviewId))).GetProperty("id").GetGuid();

        var noReason = await PostAsync(client, $"/api/action-items/{id}/wont-do", new { reason = " " });
        var declined = await PostAsync(client, $"/api/action-items/{id}/wont-do", new { reason = "Superseded by the progressive delivery project" });
        var startDeclined = await PostAsync(client, $"/api/action-items/{id}/start");
        var reopenWithoutReason = await PostAsync(client, $"/api/action-items/{id}/reopen", new { });
        var reopened = await PostAsync(client, $"/api/action-items/{id}/reopen", new { reason = "The project was cancelled" });
        var history = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/history");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, startDeclined.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reopenWithoutReason.StatusCode);
        Assert.Equal("open", (await reopened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(
            ["created:", "statusChanged:Superseded by the progressive delivery project", "statusChanged:The project was cancelled"],
            history.EnumerateArray().Select(h => $"{h.GetProperty("what").GetString()}:{(h.GetProperty("reason").ValueKind == JsonValueKind.Null ? "" : h.GetProperty("reason").GetString())}"));
    }

    [Fact]
    public async Task Another_org_can_not_see_or_change_an_item_through_any_endpoint()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var review = await service.KnownReviewAsync(owner);
        var id = (await CreateAsync(client, Item(review.ReviewId))).GetProperty("id").GetGuid();
        var stranger = service.CreateClient();
        var evidence = new { evidence = new[] { new { note = "Looks done to me" } } };

        HttpResponseMessage[] attempts =
        [
            await stranger.GetAsync($"/api/action-items/{id}"),
            await stranger.GetAsync($"/api/action-items/{id}/history"),
            await stranger.PatchAsJsonAsync($"/api/action-items/{id}", new { title = "Taken over" }),
            await PostAsync(stranger, $"/api/action-items/{id}/start"),
            await PostAsync(stranger, $"/api/action-items/{id}/complete", evidence),
            await PostAsync(stranger, $"/api/action-items/{id}/evidence", evidence),
            await PostAsync(stranger, $"/api/action-items/{id}/verify"),
            await PostAsync(stranger, $"/api/action-items/{id}/wont-do", new { reason = "Not ours" }),
            await PostAsync(stranger, $"/api/action-items/{id}/reopen", new { reason = "Not ours" }),
            await stranger.GetAsync($"/api/action-items/quality?reviewId={review.ReviewId}"),
        ];
        var list = await stranger.GetFromJsonAsync<JsonElement>($"/api/action-items?reviewId={review.ReviewId}");
        var draftOnForeignReview = await stranger.PostAsJsonAsync("/api/action-items/quality-check", new { title = "Anything", reviewId = review.ReviewId });
        var anonymous = await service.CreateAnonymousClient().GetAsync($"/api/action-items/{id}");

        Assert.All(attempts, response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, draftOnForeignReview.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var item = await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}");
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Empty(item.GetProperty("evidence").EnumerateArray());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/action-items/{id}/history")).EnumerateArray());
    }
}

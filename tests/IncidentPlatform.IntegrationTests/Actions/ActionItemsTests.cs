using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionItemsTests(ActionsServiceFixture service) : IClassFixture<ActionsServiceFixture>
{
    private static readonly string NextMonth = DateTime.UtcNow.AddMonths(1).ToString("yyyy-MM-dd");

    [Fact]
    public async Task An_action_item_added_to_a_review_is_owned_due_and_announced()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        await using var recorder = await EventRecorder<ActionItemCreated>.StartAsync(service.MessagingConnectionString);

        var response = await client.PostAsJsonAsync("/api/action-items", ActionItem(review.ReviewId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var item = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.Equal("INC-2024-042", item.GetProperty("incidentReference").GetString());
        Assert.Equal("P1", item.GetProperty("priority").GetString());
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Equal("sarah-oid", item.GetProperty("owner").GetProperty("userId").GetString());
        var announced = await recorder.WaitForAsync(e => e.ActionItemId == item.GetProperty("id").GetGuid());
        Assert.Equal(caller.OrgId, announced.OrgId);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/api/action-items?reviewId={review.ReviewId}");
        Assert.Single(listed.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_action_item_for_an_unknown_or_foreign_review_is_unprocessable()
    {
        var owner = TestCaller.NewOrg();
        var foreignReview = await service.KnownReviewAsync(owner);
        var stranger = service.CreateClient();

        var unknown = await stranger.PostAsJsonAsync("/api/action-items", ActionItem(Guid.NewGuid()));
        var foreign = await stranger.PostAsJsonAsync("/api/action-items", ActionItem(foreignReview.ReviewId));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reviewId", out _));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_naming_each_field()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);

        var missing = await client.PostAsJsonAsync("/api/action-items", new { reviewId = review.ReviewId });
        var badPriority = await client.PostAsJsonAsync("/api/action-items", ActionItem(review.ReviewId, priority: "P7"));
        var pastDue = await client.PostAsJsonAsync("/api/action-items", ActionItem(review.ReviewId, dueDate: "2020-01-01"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("owner", out _));
        Assert.True(errors.TryGetProperty("dueDate", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastDue.StatusCode);
        Assert.True((await pastDue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("dueDate", out _));
    }

    [Fact]
    public async Task Another_org_can_not_see_an_action_item()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);
        var review = await service.KnownReviewAsync(owner);
        var created = await client.PostAsJsonAsync("/api/action-items", ActionItem(review.ReviewId));
        var stranger = service.CreateClient();

        var read = await stranger.GetAsync(created.Headers.Location);
        var list = await stranger.GetFromJsonAsync<JsonElement>($"/api/action-items?reviewId={review.ReviewId}");
        var anonymous = await service.CreateAnonymousClient().GetAsync(created.Headers.Location);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static object ActionItem(Guid reviewId, string priority = "P1", string? dueDate = null) => new
    {
        reviewId,
        title = "Block canary promotion when checkout error rate exceeds 0.5%",
        description = "Canary analysis compares error rates before promoting.",
        owner = new { userId = "sarah-oid", displayName = "Sarah" },
        dueDate = dueDate ?? NextMonth,
        priority,
        type = "prevent",
    };
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class NotificationsTests(NotificationsServiceFixture service) : IClassFixture<NotificationsServiceFixture>
{
    [Fact]
    public async Task The_incident_lead_is_told_their_review_is_open()
    {
        var lead = TestCaller.NewOrg();
        var client = service.CreateClient(lead);
        var review = ReviewCreatedFor(lead);

        await service.PublishAsync(review);

        var notification = await FirstNotificationAsync(client);
        Assert.Equal("reviewAssigned", notification.GetProperty("kind").GetString());
        Assert.Contains("INC-2024-042", notification.GetProperty("title").GetString());
        Assert.Equal($"/api/reviews/{review.ReviewId}", notification.GetProperty("link").GetString());
        Assert.Contains("TimelineDrafted", notification.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Without_the_brokers_management_API_AMQP_credentials_are_a_clear_503_and_none_are_listed()
    {
        var client = service.CreateClient();

        var created = await client.PostAsJsonAsync("/api/amqp-credentials", new { description = "Status page" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        var problem = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("management API", problem.GetProperty("detail").GetString());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/amqp-credentials");
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_notification_is_seen_only_by_its_recipient_in_its_org()
    {
        var lead = TestCaller.NewOrg();
        await service.PublishAsync(ReviewCreatedFor(lead));
        var notification = await FirstNotificationAsync(service.CreateClient(lead));
        var id = notification.GetProperty("id").GetString();

        foreach (var other in new[] { service.CreateClient(lead.OtherUserOfSameOrg()), service.CreateClient() })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/notifications/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/notifications/{id}/read", null)).StatusCode);
            Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").EnumerateArray());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await service.CreateAnonymousClient().GetAsync("/api/notifications")).StatusCode);
    }

    [Fact]
    public async Task Marking_a_notification_read_removes_it_from_the_unread_list()
    {
        var lead = TestCaller.NewOrg();
        var client = service.CreateClient(lead);
        await service.PublishAsync(ReviewCreatedFor(lead));
        var notification = await FirstNotificationAsync(client);

        var read = await client.PostAsync($"/api/notifications/{notification.GetProperty("id").GetString()}/read", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("readAt").ValueKind);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/notifications?unreadOnly=true")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_redelivered_event_notifies_once()
    {
        var lead = TestCaller.NewOrg();
        var messageId = Guid.NewGuid();
        var review = ReviewCreatedFor(lead);

        await service.PublishAsync(review, messageId);
        await service.PublishAsync(review, messageId);

        // Two copies, each consumed twice: for people's notifications and for partners' webhooks.
        await Eventually.TrueAsync(() => service.Consumed.Count(messageId) == 4, "both deliveries to be consumed");
        Assert.Equal(1, await service.QueryAsync(lead.OrgId, db => db.Notifications.CountAsync()));
    }

    [Fact]
    public async Task The_owner_of_a_new_action_item_is_told()
    {
        var owner = TestCaller.NewOrg();
        var client = service.CreateClient(owner);

        await service.PublishAsync(new ActionItemCreated(
            owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Automate rollback on 2x error rate",
            owner.Person, new DateOnly(2030, 4, 15), "P2", DateTimeOffset.UtcNow));

        var notification = await FirstNotificationAsync(client);
        Assert.Equal("actionItemAssigned", notification.GetProperty("kind").GetString());
        Assert.Contains("2030-04-15", notification.GetProperty("body").GetString());
    }

    [Fact]
    public async Task An_overdue_P1_tells_its_owner_and_escalates_to_the_engineering_manager_and_a_checkpoint_tells_the_review_owner()
    {
        var owner = TestCaller.NewOrg();
        var manager = owner.OtherUserOfSameOrg();
        var itemId = Guid.NewGuid();

        await service.PublishAsync(new ActionItemOverdue(
            owner.OrgId, itemId, Guid.NewGuid(), "INC-2024-042", "Implement automated canary analysis", "P1", owner.Person,
            new DateOnly(2024, 3, 30), manager.Person, DateTimeOffset.UtcNow));
        await service.PublishAsync(new ReviewFollowUpDue(
            owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", FollowUpCheckpoints.TwoWeekCheck, owner.Person, 2, 1, 1, DateTimeOffset.UtcNow));

        var ownerClient = service.CreateClient(owner);
        var ownerKinds = await Eventually.GetAsync<string[]>(async () =>
        {
            var page = await ownerClient.GetFromJsonAsync<JsonElement>("/api/notifications");
            string[] kinds = [.. page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("kind").GetString()!).Order()];
            return kinds.Length == 2 ? kinds : null;
        }, "the owner's two notifications");
        var escalation = await FirstNotificationAsync(service.CreateClient(manager));

        Assert.Equal(["actionItemOverdue", "reviewFollowUpDue"], ownerKinds);
        Assert.Equal("actionItemEscalated", escalation.GetProperty("kind").GetString());
        Assert.Contains(owner.Name, escalation.GetProperty("title").GetString());
        Assert.Equal($"/api/action-items/{itemId}", escalation.GetProperty("link").GetString());
    }

    private static ReviewCreated ReviewCreatedFor(TestCaller lead) => new(
        lead.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", Severity.Sev2, lead.Person,
        [new ReviewDeadline("TimelineDrafted", DateTimeOffset.Parse("2024-03-16T14:45:00Z"))], DateTimeOffset.UtcNow);

    private static async Task<JsonElement> FirstNotificationAsync(HttpClient client)
    {
        var notification = await Eventually.GetAsync<JsonElement?>(async () =>
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/notifications");
            return page.GetProperty("items").EnumerateArray().Select(n => (JsonElement?)n).FirstOrDefault();
        }, "a notification");
        return notification!.Value;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static IncidentPlatform.IntegrationTests.Actions.ActionRequests;

namespace IncidentPlatform.IntegrationTests.Actions;

/// <summary>Reminders, overdue detection, escalation and the checkpoints after publishing, on a clock the test moves.</summary>
public sealed class ActionFollowUpTests(ClockedActionsServiceFixture service) : IClassFixture<ClockedActionsServiceFixture>
{
    [Fact]
    public async Task An_item_is_reminded_once_before_its_due_date_then_announced_overdue_once_and_a_P1_escalates_to_the_engineering_manager()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var manager = new PersonRef("em-" + caller.OrgId, "Dana (EM)");
        await service.PublishAsync(Published(review, manager));
        await Eventually.TrueAsync(
            () => service.QueryAsync(caller.OrgId, db => db.KnownReviews.AnyAsync(r => r.ReviewId == review.ReviewId && r.PublishedAt != null)),
            "the review to be known as published");
        var p1 = (await CreateAsync(client, Item(review.ReviewId, dueDate: InDays(10, service.Clock), priority: "P1"))).GetProperty("id").GetGuid();
        var p2 = (await CreateAsync(client, Item(review.ReviewId, title: "Add a lock timeout of 5 s to schema migrations", dueDate: InDays(10, service.Clock), priority: "P2"))).GetProperty("id").GetGuid();

        await Sweep();
        var remindedEarly = await EventsAsync<ActionItemDueSoon>(caller, p1);
        service.Clock.Advance(TimeSpan.FromDays(5));
        await Task.WhenAll(Sweep(), Sweep());
        await Sweep();
        var reminded = await EventsAsync<ActionItemDueSoon>(caller, p1);
        service.Clock.Advance(TimeSpan.FromDays(7));
        await Task.WhenAll(Sweep(), Sweep());
        await Sweep();
        var overdueP1 = await EventsAsync<ActionItemOverdue>(caller, p1);
        var overdueP2 = await EventsAsync<ActionItemOverdue>(caller, p2);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/action-items?overdue=true");

        Assert.Empty(remindedEarly);
        Assert.Single(reminded);
        var overdue = Assert.Single(overdueP1);
        Assert.Equal(manager, overdue.EscalateTo);
        Assert.Null(Assert.Single(overdueP2).EscalateTo);
        Assert.Equal(2, listed.GetProperty("items").GetArrayLength());
        Assert.True(listed.GetProperty("items")[0].GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task A_new_due_date_earns_a_new_reminder_and_a_finished_item_gets_none()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        var moved = (await CreateAsync(client, Item(review.ReviewId, dueDate: InDays(3, service.Clock)))).GetProperty("id").GetGuid();
        var finished = (await CreateAsync(client, Item(review.ReviewId, title: "Add a lock timeout of 5 s to schema migrations", dueDate: InDays(3, service.Clock)))).GetProperty("id").GetGuid();
        await PostAsync(client, $"/api/action-items/{finished}/complete", new { evidence = new[] { new { note = "Merged in PR 1234" } } });

        await Sweep();
        await client.PatchAsJsonAsync($"/api/action-items/{moved}", new { dueDate = InDays(5, service.Clock) });
        await Sweep();

        Assert.Equal(2, (await EventsAsync<ActionItemDueSoon>(caller, moved)).Count);
        Assert.Empty(await EventsAsync<ActionItemDueSoon>(caller, finished));
    }

    [Fact]
    public async Task A_published_review_gets_its_two_week_check_and_thirty_day_follow_up_once_each_with_its_items_standing()
    {
        var caller = TestCaller.NewOrg();
        var client = service.CreateClient(caller);
        var review = await service.KnownReviewAsync(caller);
        await CreateAsync(client, Item(review.ReviewId, dueDate: InDays(20, service.Clock)));
        await service.PublishAsync(Published(review, null));
        await Eventually.TrueAsync(
            () => service.QueryAsync(caller.OrgId, db => db.KnownReviews.AnyAsync(r => r.ReviewId == review.ReviewId && r.PublishedAt != null)),
            "the review to be known as published");

        await Sweep();
        var beforeTwoWeeks = await CheckpointsAsync(caller, review.ReviewId);
        service.Clock.Advance(TimeSpan.FromDays(15));
        await Task.WhenAll(Sweep(), Sweep());
        var afterTwoWeeks = await CheckpointsAsync(caller, review.ReviewId);
        service.Clock.Advance(TimeSpan.FromDays(16));
        await Sweep();
        await Sweep();
        var afterThirtyDays = await CheckpointsAsync(caller, review.ReviewId);

        Assert.Empty(beforeTwoWeeks);
        Assert.Equal(["twoWeekCheck:1 open, 0 overdue"], afterTwoWeeks);
        Assert.Equal(["twoWeekCheck:1 open, 0 overdue", "thirtyDayFollowUp:1 open, 1 overdue"], afterThirtyDays);
    }

    [Fact]
    public async Task A_revision_naming_the_same_people_leaves_no_inbox_row_and_one_naming_another_manager_is_learned()
    {
        var caller = TestCaller.NewOrg();
        var review = await service.KnownReviewAsync(caller);
        var manager = new PersonRef("em-" + caller.OrgId, "Dana (EM)");
        var (first, same, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await service.PublishAsync(Published(review, manager), first);
        await Eventually.TrueAsync(() => service.Consumed.Count(first) == 1, "the first publication to be consumed");

        await service.PublishAsync(Published(review, manager) with { ReportVersion = 2 }, same);
        await service.PublishAsync(Published(review, new PersonRef("em2-" + caller.OrgId, "Lee (EM)")) with { ReportVersion = 3 }, other);

        await Eventually.TrueAsync(() => service.Consumed.Count(same) == 1 && service.Consumed.Count(other) == 1, "both revisions to be consumed");
        var known = await service.QueryAsync(caller.OrgId, db => db.KnownReviews.SingleAsync(r => r.ReviewId == review.ReviewId));
        Assert.Equal(new PersonRef("em2-" + caller.OrgId, "Lee (EM)"), known.EngineeringManager);
        Assert.Equal((1, 0, 1), (
            await service.QueryAsync(caller.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == first)),
            await service.QueryAsync(caller.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == same)),
            await service.QueryAsync(caller.OrgId, db => db.InboxMessages.CountAsync(m => m.MessageId == other))));
    }

    private Task Sweep() => service.Watcher.SweepOnceAsync(default);

    private static ReviewPublished Published(ReviewCreated review, PersonRef? manager) => new(
        review.OrgId, review.ReviewId, review.IncidentId, review.IncidentReference, review.IncidentTitle, review.Severity, ["checkout-api"],
        "Summary", 1, null, [], review.Owner, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)
    {
        EngineeringManager = manager,
    };

    /// <summary>The events of one type the service committed to its outbox for an item (what it will publish, exactly once each).</summary>
    private Task<List<TEvent>> EventsAsync<TEvent>(TestCaller caller, Guid itemId) where TEvent : class, IIntegrationEvent =>
        service.QueryAsync(caller.OrgId, async db =>
        {
            var payloads = await db.OutboxMessages.Where(m => m.OrgId == caller.OrgId && m.MessageType == typeof(TEvent).FullName).Select(m => m.Payload).ToListAsync();
            return payloads.Select(p => JsonSerializer.Deserialize<TEvent>(p, ServiceDefaults.Http.JsonConventions.Default)!)
                .Where(e => JsonSerializer.SerializeToElement(e, ServiceDefaults.Http.JsonConventions.Default).GetProperty("actionItemId").GetGuid() == itemId)
                .ToList();
        });

    private async Task<List<string>> CheckpointsAsync(TestCaller caller, Guid reviewId)
    {
        var events = await service.QueryAsync(caller.OrgId, async db =>
            (await db.OutboxMessages.Where(m => m.OrgId == caller.OrgId && m.MessageType == typeof(ReviewFollowUpDue).FullName).OrderBy(m => m.Sequence).Select(m => m.Payload).ToListAsync())
            .Select(p => JsonSerializer.Deserialize<ReviewFollowUpDue>(p, ServiceDefaults.Http.JsonConventions.Default)!));
        return [.. events.Where(e => e.ReviewId == reviewId).Select(e => $"{e.Checkpoint}:{e.OpenItems} open, {e.OverdueItems} overdue")];
    }
}

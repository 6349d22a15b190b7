using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class ActionItemTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-18T10:00:00Z");
    private static readonly PersonRef Sarah = new("sarah", "Sarah");
    private static readonly PersonRef Mike = new("mike", "Mike");

    private static readonly KnownReview Review = new()
    {
        ReviewId = Guid.NewGuid(), OrgId = Guid.NewGuid(), IncidentId = Guid.NewGuid(), IncidentReference = "INC-2024-042",
        Severity = Severity.Sev2, Services = ["checkout-api"], Owner = Sarah,
    };

    private static ActionItemFields Fields(string title = "Implement automated canary analysis", string userId = "sarah", DateOnly? due = null) => new(
        title, null, new PersonRef(userId, "Sarah"), "Platform Team", due ?? new DateOnly(2024, 3, 30), ActionPriority.P1, ActionType.Prevent,
        ActionNature.Preventive, "Promotion blocked in staging by an injected 1% error rate", null, [], [], null);

    private static ActionItem NewItem() => ActionItem.Create(Review, Fields(), Sarah, Now);

    private static ActionEvidence Proof => new("https://github.com/acme/checkout-api/pull/1234", "Gate merged", Sarah, Now);

    [Fact]
    public void An_action_item_belongs_to_its_reviews_org_incident_and_services_and_starts_its_history()
    {
        var item = NewItem();

        Assert.Equal(Review.OrgId, item.OrgId);
        Assert.Equal("INC-2024-042", item.IncidentReference);
        Assert.Equal(["checkout-api"], item.Services);
        Assert.Equal(ActionItemStatus.Open, item.Status);
        Assert.Equal("Platform Team", item.SecondaryOwnerTeam);
        Assert.Equal("created", Assert.Single(item.History).What);
    }

    [Fact]
    public void An_action_item_needs_a_title_a_person_and_a_date_not_yet_passed()
    {
        var error = Assert.Throws<ValidationException>(() => ActionItem.Create(Review, Fields(" ", " ", new DateOnly(2024, 3, 1)), Sarah, Now));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal(["dueDate", "owner.userId", "title"], error.Errors.Keys.Order());
    }

    [Fact]
    public void The_workflow_goes_open_in_progress_done_verified_with_evidence_and_a_second_person()
    {
        var item = NewItem();

        Assert.Equal(new StatusMove(ActionItemStatus.Open, ActionItemStatus.InProgress, null), item.Start(Sarah, Now));
        Assert.Null(item.Start(Sarah, Now));
        var noEvidence = Assert.Throws<ValidationException>(() => item.Complete([], Sarah, Now));
        item.Complete([Proof], Sarah, Now.AddDays(3));
        var ownVerification = Assert.Throws<ConflictException>(() => item.Verify(Sarah, null, Now));
        var verified = item.Verify(Mike, "Drill report checked", Now.AddDays(4));

        Assert.Equal("evidence", Assert.Single(noEvidence.Errors.Keys));
        Assert.Contains("someone else", ownVerification.Message);
        Assert.Equal(ActionItemStatus.Verified, verified.To);
        Assert.Equal(Mike, item.VerifiedBy);
        Assert.Equal(Now.AddDays(3), item.ClosedAt);
        Assert.Equal(["created", "statusChanged", "statusChanged", "statusChanged"], item.History.Select(h => h.What));
    }

    [Fact]
    public void Won_t_do_and_reopen_need_a_reason_and_illegal_moves_are_conflicts()
    {
        var item = NewItem();

        Assert.Throws<ValidationException>(() => item.Decline("  ", Sarah, Now));
        Assert.Throws<ConflictException>(() => item.Verify(Mike, null, Now));
        Assert.Throws<ConflictException>(() => item.Reopen("why not", Sarah, Now));
        item.Decline("Superseded by the progressive delivery project", Sarah, Now);
        Assert.Throws<ConflictException>(() => item.Start(Sarah, Now));
        Assert.Throws<ValidationException>(() => item.Reopen(null, Sarah, Now));
        var reopened = item.Reopen("The project was cancelled", Mike, Now.AddDays(1));

        Assert.Equal(new StatusMove(ActionItemStatus.WontDo, ActionItemStatus.Open, "The project was cancelled"), reopened);
        Assert.Null(item.ClosedAt);
        Assert.Equal("The project was cancelled", item.StatusReason);
    }

    [Fact]
    public void Evidence_added_earlier_lets_it_be_marked_done_without_more()
    {
        var item = NewItem();

        item.AddEvidence([Proof], Sarah, Now);
        item.Complete([], Sarah, Now);

        Assert.Equal(ActionItemStatus.Done, item.Status);
        Assert.Single(item.Evidence);
    }

    [Fact]
    public void An_edit_saves_only_what_differs_keeps_it_in_the_history_and_refuses_a_past_due_date_or_itself_as_dependency()
    {
        var item = NewItem();

        var none = item.Edit(new ActionItemEdit(Title: " Implement automated canary analysis "), Mike, Now);
        var changed = item.Edit(new ActionItemEdit(DueDate: new DateOnly(2024, 4, 5), DefinitionOfDone: ""), Mike, Now);
        var past = Assert.Throws<ValidationException>(() => item.Edit(new ActionItemEdit(DueDate: new DateOnly(2024, 1, 1)), Mike, Now));
        var self = Assert.Throws<ValidationException>(() => item.Edit(new ActionItemEdit(DependsOn: [item.Id]), Mike, Now));

        Assert.Empty(none);
        Assert.Equal(["dueDate", "definitionOfDone"], changed);
        Assert.Null(item.DefinitionOfDone);
        Assert.Equal(["dueDate", "definitionOfDone"], item.History[^1].Fields);
        Assert.Equal("dueDate", Assert.Single(past.Errors.Keys));
        Assert.Equal("dependsOn", Assert.Single(self.Errors.Keys));
    }

    [Theory]
    [InlineData("P1", ActionPriority.P1)]
    [InlineData("must", ActionPriority.P1)]
    [InlineData(" Should ", ActionPriority.P2)]
    [InlineData("p3", ActionPriority.P3)]
    [InlineData("nice", ActionPriority.P3)]
    public void Priorities_are_read_in_every_written_form(string text, ActionPriority expected)
    {
        Assert.True(ActionPriorities.TryParse(text, out var priority));
        Assert.Equal(expected, priority);
    }

    [Fact]
    public void The_policy_keeps_its_SLOs_in_order_and_within_bounds()
    {
        var policy = ActionPolicy.DefaultFor(Guid.NewGuid());

        var error = Assert.Throws<ValidationException>(() => policy.Change(new ActionPolicySettings(13, 10, 8, 0, null), Sarah, Now));
        var unchanged = policy.Change(policy.Settings, Sarah, Now);

        Assert.Equal(["p1Weeks", "p2Weeks", "p3Weeks", "reminderDays"], error.Errors.Keys.Order());
        Assert.False(unchanged);
        Assert.Equal(new DateOnly(2024, 5, 13), policy.LatestDueDate(ActionPriority.P1, new DateOnly(2024, 3, 18)));
    }
}

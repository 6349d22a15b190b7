using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class ActionItemTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-18T10:00:00Z");
    private static readonly KnownReview Review = new() { ReviewId = Guid.NewGuid(), OrgId = Guid.NewGuid(), IncidentId = Guid.NewGuid(), IncidentReference = "INC-2024-042" };

    [Fact]
    public void An_action_item_belongs_to_its_reviews_org_and_incident()
    {
        var item = ActionItem.Create(Review, "Implement automated canary analysis", null, new PersonRef("sarah", "Sarah"),
            new DateOnly(2024, 3, 30), ActionPriority.P1, ActionType.Prevent, Now);

        Assert.Equal(Review.OrgId, item.OrgId);
        Assert.Equal("INC-2024-042", item.IncidentReference);
        Assert.Equal(ActionItemStatus.Open, item.Status);
    }

    [Fact]
    public void An_action_item_needs_a_title_a_person_and_a_date_not_yet_passed()
    {
        var error = Assert.Throws<ValidationException>(() => ActionItem.Create(Review, " ", null, new PersonRef(" ", "Team"),
            new DateOnly(2024, 3, 1), ActionPriority.P2, ActionType.Detect, Now));

        Assert.Equal(422, error.StatusCode);
        Assert.Equal(["dueDate", "owner.userId", "title"], error.Errors.Keys.Order());
    }
}

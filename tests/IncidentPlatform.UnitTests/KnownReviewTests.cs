using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.UnitTests;

public sealed class KnownReviewTests
{
    private static readonly PersonRef Sarah = new("sarah", "Sarah");
    private static readonly DateTimeOffset FirstPublishedAt = DateTimeOffset.Parse("2024-03-20T10:00:00Z");

    private static KnownReview NewReview() => new()
    {
        ReviewId = Guid.NewGuid(), OrgId = Guid.NewGuid(), IncidentId = Guid.NewGuid(), IncidentReference = "INC-2024-042",
        Severity = Severity.Sev2, Services = ["checkout-api"], Owner = Sarah,
    };

    private static ReviewPublished Published(KnownReview review, int version, PersonRef? manager, params string[] services) => new(
        review.OrgId, review.ReviewId, review.IncidentId, review.IncidentReference, "Checkout errors after deploy", review.Severity, services,
        "A release broke checkout for 22 minutes.", version, null, [], Sarah, FirstPublishedAt.AddDays(version - 1), FirstPublishedAt.AddDays(version - 1))
    {
        EngineeringManager = manager,
    };

    [Fact]
    public void The_first_publication_starts_the_clock_and_a_revision_only_refreshes_the_manager_and_services()
    {
        var review = NewReview();

        review.Published(Published(review, 1, new PersonRef("mike", "Mike"), "checkout-api"));
        review.Published(Published(review, 2, new PersonRef("ana", "Ana"), "checkout-api", "payments-api"));

        Assert.Equal(FirstPublishedAt, review.PublishedAt);
        Assert.Equal(new PersonRef("ana", "Ana"), review.EngineeringManager);
        Assert.Equal(["checkout-api", "payments-api"], review.Services);
    }

    [Fact]
    public void A_revision_naming_the_same_manager_and_services_keeps_them_as_they_are()
    {
        var review = NewReview();
        review.Published(Published(review, 1, new PersonRef("mike", "Mike"), "checkout-api"));
        var (manager, services) = (review.EngineeringManager, review.Services);

        review.Published(Published(review, 2, new PersonRef("mike", "Mike"), "checkout-api"));

        // The same instances: the change tracker sees nothing to save, so the inbox need not commit the revision.
        Assert.Same(manager, review.EngineeringManager);
        Assert.Same(services, review.Services);
    }

    [Fact]
    public void Only_a_first_publication_or_a_revision_naming_another_manager_or_other_services_changes_the_review()
    {
        var review = NewReview();
        var first = Published(review, 1, new PersonRef("mike", "Mike"), "checkout-api");
        Assert.True(review.IsChangedBy(first));
        review.Published(first);

        Assert.False(review.IsChangedBy(Published(review, 2, new PersonRef("mike", "Mike"), "checkout-api")));
        Assert.False(review.IsChangedBy(Published(review, 2, new PersonRef("mike", "Mike"))));
        Assert.True(review.IsChangedBy(Published(review, 2, new PersonRef("ana", "Ana"), "checkout-api")));
        Assert.True(review.IsChangedBy(Published(review, 2, null, "checkout-api")));
        Assert.True(review.IsChangedBy(Published(review, 2, new PersonRef("mike", "Mike"), "checkout-api", "payments-api")));
    }
}

using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.IntegrationTests.Actions;

public sealed class ActionsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<ActionsDbContext>(infrastructure, ResourceNames.ActionsDb)
{
    /// <summary>Announces a review (as Reviews would) and waits until this service knows it.</summary>
    public async Task<ReviewCreated> KnownReviewAsync(TestCaller owner)
    {
        var review = new ReviewCreated(
            owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", Severity.Sev2, owner.Person,
            [new ReviewDeadline("TimelineDrafted", DateTimeOffset.UtcNow.AddDays(1))], DateTimeOffset.UtcNow);
        await PublishAsync(review);
        await Eventually.TrueAsync(
            () => QueryAsync(owner.OrgId, db => db.KnownReviews.AnyAsync(r => r.ReviewId == review.ReviewId)),
            "the review to be known to Actions");
        return review;
    }
}

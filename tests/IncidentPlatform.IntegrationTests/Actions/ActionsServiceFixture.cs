using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Actions;

public class ActionsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<ActionsDbContext>(infrastructure, ResourceNames.ActionsDb)
{
    /// <summary>Announces a review (as Reviews would) and waits until this service knows it.</summary>
    public async Task<ReviewCreated> KnownReviewAsync(TestCaller owner, Severity severity = Severity.Sev2, params string[] services)
    {
        var review = new ReviewCreated(
            owner.OrgId, Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors after deploy", severity, owner.Person,
            [new ReviewDeadline("TimelineDrafted", DateTimeOffset.UtcNow.AddDays(1))], DateTimeOffset.UtcNow)
        {
            Services = services.Length > 0 ? services : ["checkout-api"],
        };
        await PublishAsync(review);
        await Eventually.TrueAsync(
            () => QueryAsync(owner.OrgId, db => db.KnownReviews.AnyAsync(r => r.ReviewId == review.ReviewId)),
            "the review to be known to Actions");
        return review;
    }
}

/// <summary>Actions on a clock the tests move, with the follow-up watcher swept by hand.</summary>
public sealed class ClockedActionsServiceFixture(TestInfrastructure infrastructure) : ActionsServiceFixture(infrastructure)
{
    public ManualClock Clock { get; } = new();

    public FollowUpWatcher Watcher => Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FollowUpWatcher>().Single();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.Configure<FollowUpOptions>(options => options.Interval = TimeSpan.FromDays(1));
    }
}

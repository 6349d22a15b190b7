using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Reviews;

/// <summary>The Reviews service with a watchdog that checks five times a second and restarts the bus after one second of trouble.</summary>
public sealed class QuickWatchdogReviewsFixture(TestInfrastructure infrastructure)
    : ServiceFixture<ReviewsDbContext>(infrastructure, ResourceNames.ReviewsDb)
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.Configure<MessagingWatchdogOptions>(options =>
        {
            options.Interval = TimeSpan.FromMilliseconds(200);
            options.RecoverAfter = TimeSpan.FromSeconds(1);
        });
}

public sealed class BusRecoveryTests(QuickWatchdogReviewsFixture service) : IClassFixture<QuickWatchdogReviewsFixture>
{
    [Fact]
    public async Task A_consumer_that_does_not_come_back_while_the_broker_is_up_gets_the_bus_restarted_and_its_waiting_events_consumed()
    {
        var watchdog = service.Services.GetRequiredService<MessagingWatchdog>();
        var bus = service.Services.GetRequiredService<IBusControl>();
        await Eventually.TrueAsync(() => watchdog.Verdict.Condition == MessagingCondition.Healthy, "the watchdog to see every consumer");
        Assert.Equal(0, watchdog.Restarts);

        // What MassTransit sometimes leaves behind after a broker outage: an endpoint that stays stopped.
        var resolvedEndpoint = bus.CheckHealth().Endpoints.Single(e => e.Key.EndsWith("/reviews-incident-resolved", StringComparison.Ordinal)).Value;
        await resolvedEndpoint.ReceiveEndpoint.Stop();

        var lead = TestCaller.NewOrg();
        var resolved = ReviewsTests.Resolved(lead, Severity.Sev2);
        await service.PublishAsync(resolved);

        var review = await ReviewsTests.ReviewOfAsync(service.CreateClient(lead), resolved.IncidentId);
        Assert.Equal("draft", review.GetProperty("status").GetString());
        Assert.True(watchdog.Restarts >= 1);

        await Eventually.TrueAsync(async () =>
        {
            var health = await service.CreateAnonymousClient().GetFromJsonAsync<JsonElement>("/health");
            return health.GetProperty("checks").GetProperty("messaging").GetProperty("status").GetString() == "Healthy";
        }, "the messaging health check to report the bus recovered");
    }
}

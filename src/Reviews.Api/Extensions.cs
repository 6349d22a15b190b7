using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Consumers;
using IncidentPlatform.Reviews.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace Microsoft.Extensions.Hosting;

internal static class ReviewsServiceExtensions
{
    public const string ServiceName = "reviews";

    public static IHostApplicationBuilder AddReviewsServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformApi(ServiceName, "IncidentPlatform — Reviews API");
        // Called here, not in ServiceDefaults: the validation source generator finds the endpoints of the project that calls it.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<ReviewsDbContext>(ResourceNames.ReviewsDb);
        builder.AddPlatformMessaging(ServiceName, bus =>
        {
            bus.AddConsumer<IncidentResolvedConsumer>();
            bus.AddConsumer<ActionItemCreatedConsumer>();
            bus.AddConsumer<ActionItemStatusChangedConsumer>();
            bus.AddConsumer<IncidentUpdatedConsumer>();
            bus.AddConsumer<TimelineChangedConsumer>();
        });
        builder.Services.Configure<ReviewDeadlineOptions>(builder.Configuration.GetSection("Reviews:Deadlines"));
        builder.Services.AddHostedService<ReviewDeadlineWatcher>();
        return builder;
    }
}

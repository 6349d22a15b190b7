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
        builder.AddServiceDatabase<ReviewsDbContext>(ResourceNames.ReviewsDb);
        builder.AddPlatformMessaging(ServiceName, bus => bus.AddConsumer<IncidentResolvedConsumer>());
        return builder;
    }
}

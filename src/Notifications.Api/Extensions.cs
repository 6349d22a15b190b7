using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Consumers;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace Microsoft.Extensions.Hosting;

internal static class NotificationsServiceExtensions
{
    public const string ServiceName = "notifications";

    public static IHostApplicationBuilder AddNotificationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformApi(ServiceName, "IncidentPlatform — Notifications API");
        // Called here, not in ServiceDefaults: the validation source generator finds the endpoints of the project that calls it.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<NotificationsDbContext>(ResourceNames.NotificationsDb);
        builder.AddPlatformMessaging(ServiceName, bus =>
        {
            bus.AddConsumer<ReviewCreatedConsumer>();
            bus.AddConsumer<ActionItemCreatedConsumer>();
            bus.AddConsumer<ActionItemDueSoonConsumer>();
            bus.AddConsumer<ActionItemOverdueConsumer>();
            bus.AddConsumer<ActionItemVerifiedConsumer>();
            bus.AddConsumer<ReviewFollowUpDueConsumer>();
        });
        return builder;
    }
}

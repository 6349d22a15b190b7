using IncidentPlatform.Actions.Consumers;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace Microsoft.Extensions.Hosting;

internal static class ActionsServiceExtensions
{
    public const string ServiceName = "actions";

    public static IHostApplicationBuilder AddActionsServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformApi(ServiceName, "IncidentPlatform — Actions API");
        // Called here, not in ServiceDefaults: the validation source generator finds the endpoints of the project that calls it.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<ActionsDbContext>(ResourceNames.ActionsDb);
        builder.AddPlatformMessaging(ServiceName, bus => bus.AddConsumer<ReviewCreatedConsumer>());
        return builder;
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Apis;
using IncidentPlatform.Incidents.Consumers;
using IncidentPlatform.Incidents.Infrastructure;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace Microsoft.Extensions.Hosting;

internal static class IncidentsServiceExtensions
{
    public const string ServiceName = "incidents";

    public static IHostApplicationBuilder AddIncidentsServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformApi(ServiceName, "IncidentPlatform — Incidents API");
        // Called here, not in ServiceDefaults: the validation source generator finds the endpoints of the project that calls it.
        builder.Services.AddValidation();
        builder.AddServiceDatabase<IncidentsDbContext>(ResourceNames.IncidentsDb);
        builder.AddPlatformMessaging(ServiceName, bus => bus.AddConsumer<ReviewPublishedConsumer>());
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<IncidentChanges>();
        builder.Services.AddSingleton<IncidentDeclarations>();
        builder.Services.AddSingleton<IncidentMetricSegments>();
        return builder;
    }
}

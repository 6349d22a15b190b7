using IncidentPlatform.Actions.Apis;
using IncidentPlatform.Actions.Consumers;
using IncidentPlatform.Actions.Domain;
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
        // First, so that "must", "should" and "nice" are read as priorities before the general enum converter sees them.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Insert(0, new ActionPriorities.JsonConverter()));
        builder.AddServiceDatabase<ActionsDbContext>(ResourceNames.ActionsDb);
        builder.AddPlatformMessaging(ServiceName, bus =>
        {
            bus.AddConsumer<ReviewCreatedConsumer>();
            bus.AddConsumer<ReviewPublishedConsumer>();
        });
        builder.Services.AddScoped<ActionQualityReader>();
        builder.Services.AddScoped<ActionItemChanges>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.Configure<FollowUpOptions>(builder.Configuration.GetSection("Actions:FollowUp"));
        builder.Services.AddHostedService<FollowUpWatcher>();
        return builder;
    }
}

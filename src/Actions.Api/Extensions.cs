using IncidentPlatform.Actions.Apis;
using IncidentPlatform.Actions.Consumers;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;
using IncidentPlatform.Actions.Infrastructure;
using IncidentPlatform.Actions.Infrastructure.Trackers;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

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
        builder.AddTrackerSync();
        return builder;
    }

    /// <summary>Tracker sync: the GitHub, Jira and Linear adapters, the encrypted credentials, and the worker that keeps items and issues in step.</summary>
    private static IHostApplicationBuilder AddTrackerSync(this IHostApplicationBuilder builder)
    {
        builder.AddSecretProtection();
        builder.Services.AddOptions<TrackerOptions>().BindConfiguration(TrackerOptions.SectionName);
        // Its own client, without the platform's default resilience handler: an in-process retry of a create could open
        // the issue twice, so retries are the worker's (with backoff, visible on the link). Redirects are not followed,
        // so a tracker cannot send the platform to an address of its choosing.
        builder.Services.AddSingleton(services => new TrackerHttp(new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        })
        {
            Timeout = services.GetRequiredService<IOptions<TrackerOptions>>().Value.Timeout,
        }));
        builder.Services.AddSingleton<ITrackerAdapter, GitHubAdapter>();
        builder.Services.AddSingleton<ITrackerAdapter, JiraAdapter>();
        builder.Services.AddSingleton<ITrackerAdapter, LinearAdapter>();
        builder.Services.AddSingleton<TrackerSyncSignal>();
        builder.Services.AddSingleton<IInterceptor>(services => new CommitWake<TrackerLink>(
            services.GetRequiredService<TrackerSyncSignal>(), link => link.SyncStatus == TrackerSyncStatus.Pending));
        builder.Services.AddSingleton<TrackerSyncWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TrackerSyncWorker>());
        return builder;
    }
}

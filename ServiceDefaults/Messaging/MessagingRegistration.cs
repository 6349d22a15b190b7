using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Messaging.ErrorQueues;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;
using MassTransit;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentPlatform.ServiceDefaults.Messaging;

public static class MessagingRegistration
{
    /// <summary>
    /// The one place MassTransit is configured: RabbitMQ from <c>ConnectionStrings:messaging</c>, queues named
    /// <c>{service}-{consumer}</c>, retries, the inbox around every consumer, and the outbox relay.
    /// Call after <c>AddServiceDatabase</c>: the inbox and outbox live in the service's database.
    /// </summary>
    /// <remarks>
    /// Retry policy: Debian's RabbitMQ has no delayed-message-exchange plugin, so MassTransit's delayed
    /// redelivery is not available. A message is retried in memory at growing intervals (about 20 s in all);
    /// if it still fails it moves to the endpoint's <c>_error</c> queue, where operators inspect and replay it
    /// through <c>/operations/error-queues</c> (see <see cref="ErrorQueueEndpoints"/>).
    /// </remarks>
    public static IHostApplicationBuilder AddPlatformMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var address = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{ResourceNames.Messaging} is not configured. Start the platform with AppHost, or set ConnectionStrings__{ResourceNames.Messaging}."));

        var retryIntervals = RetryIntervals(builder.Configuration);
        var prefetchCount = PrefetchCount(builder.Configuration);
        var endpoints = new ReceiveEndpointCatalog();
        var endpointNames = new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false);
        builder.Services.AddSingleton(address);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxRelayStatus>();
        builder.Services.AddScoped<InboxReceipt>();
        // The relay wakes once events commit: after an API request's own save, or at the end of a consumer's inbox
        // transaction or a sweep's batch.
        builder.Services.AddSingleton<IInterceptor>(services => new CommitWake<OutboxMessage>(
            services.GetRequiredService<OutboxSignal>(), message => message.SentAt == null && message.ParkedAt == null));
        builder.Services.AddErrorQueueOperations(endpoints);
        builder.Services.AddReceiveEndpointObserver(_ => endpoints);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(endpointNames);
            configureConsumers?.Invoke(bus);

            // A broker outage is not a reason to take the API out of service: writes wait in the outbox.
            // The messaging check below reports it (degraded) and fails only when the bus cannot recover.
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(address.Host, (ushort)address.Port, address.VirtualHost, host =>
                {
                    host.Username(address.UserName);
                    host.Password(address.Password);
                    host.ConnectionName(serviceName);
                    if (address.UseTls)
                    {
                        host.UseSsl(tls => tls.ServerName = address.Host);
                    }
                });

                rabbit.PrefetchCount = prefetchCount;
                rabbit.UseMessageRetry(retry => retry.Intervals(retryIntervals));
                rabbit.UseConsumeFilter(typeof(InboxFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddSingleton(InboxPrechecks.Find(builder.Services, endpointNames));

        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // Without this, messages published right after start-up were lost.
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(60);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddHostedService<OutboxRelay>();

        builder.Services.AddOptions<MessagingWatchdogOptions>().BindConfiguration("Messaging:Watchdog");
        builder.Services.AddSingleton<MessagingWatchdog>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MessagingWatchdog>());
        builder.Services.AddHealthChecks().AddCheck<MessagingHealthCheck>("messaging", tags: [Extensions.ReadyTag, Extensions.LiveTag]);
        return builder;
    }

    /// <summary>
    /// How many messages each receive endpoint holds and handles at once (<c>Messaging:PrefetchCount</c>, 16 unless set).
    /// MassTransit's own default grows with the node (twice its cores, at least 16); a fixed number keeps what a
    /// service asks of its database the same on any node, since every message holds a connection for its inbox
    /// transaction. Fewer is worse for our consumers, which mostly wait on their round trips: with 4, a webhook fan-out
    /// at 100 partner events/s fell behind in 3 of 6 runs and its queue set the p99 (0.52–1.75 s; with 16, 0.12–0.47 s
    /// over 14 runs; webhooks benchmark, 2026-12-07).
    /// </summary>
    internal static ushort PrefetchCount(IConfiguration configuration) =>
        configuration.GetValue<ushort?>("Messaging:PrefetchCount") switch
        {
            null => DefaultPrefetchCount,
            0 => throw new InvalidOperationException("Messaging:PrefetchCount must be at least 1: with 0, no endpoint would receive anything."),
            var configured => configured.Value,
        };

    private const ushort DefaultPrefetchCount = 16;

    /// <summary><c>Messaging:RetryIntervals</c> (e.g. <c>["00:00:00.1", "00:00:01"]</c>), or the default schedule.</summary>
    private static TimeSpan[] RetryIntervals(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Messaging:RetryIntervals").Get<TimeSpan[]>();
        return configured is { Length: > 0 }
            ? configured
            : [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(12)];
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Consumers;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;
using IncidentPlatform.Notifications.Infrastructure.People;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Secrets;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Messaging;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Scheduling;

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
            bus.AddConsumer<ActionItemStatusChangedConsumer>();
            bus.AddConsumer<ReviewFollowUpDueConsumer>();
            bus.AddConsumer<PartnerEventsConsumer>();
            if (PartnerAmqpOptions.ManagementUrlFrom(builder.Configuration) is not null)
            {
                bus.AddConsumer<PartnerExchangeConsumer>();
            }
        });
        builder.AddPartnerWebhooks();
        builder.AddPartnerAmqp();
        builder.AddPeopleNotifications();
        return builder;
    }

    /// <summary>People: preferences, the email and chat senders, the dispatcher that sends what is due, and the daily digest.</summary>
    private static IHostApplicationBuilder AddPeopleNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PeopleNotificationOptions>().BindConfiguration(PeopleNotificationOptions.SectionName);
        builder.Services.AddScoped<PeopleNotifier>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<ChatSender>();
        builder.Services.AddSingleton<ChannelDeliverySignal>();
        builder.Services.AddSingleton<IInterceptor>(services => new CommitWake<ChannelDelivery>(
            services.GetRequiredService<ChannelDeliverySignal>(), delivery => delivery.Status == ChannelDeliveryStatus.Pending));
        builder.Services.AddSingleton<ChannelDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ChannelDispatcher>());
        builder.Services.AddSingleton<DailyDigestSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DailyDigestSweeper>());
        return builder;
    }

    /// <summary>Partner AMQP: the partner exchange every partner event is published to, and the broker users partners log in with.</summary>
    private static IHostApplicationBuilder AddPartnerAmqp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PartnerAmqpOptions>().BindConfiguration(PartnerAmqpOptions.SectionName);
        builder.Services.AddHttpClient(nameof(RabbitMqManagementClient));
        builder.Services.AddSingleton<PartnerEventsExchange>();
        builder.Services.AddHostedService<PartnerExchangeSetup>();
        return builder;
    }

    /// <summary>Partner webhooks: the SSRF guard, the signed sender, fan-out of events and the dispatcher that sends them.</summary>
    private static IHostApplicationBuilder AddPartnerWebhooks(this IHostApplicationBuilder builder)
    {
        builder.AddSecretProtection();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidation>();
        builder.Services.AddSingleton<WebhookAddressGuard>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<IInterceptor>(services => new CommitWake<WebhookDelivery>(
            services.GetRequiredService<WebhookSignal>(), delivery => delivery.Status == WebhookDeliveryStatus.Pending));
        builder.Services.AddScoped<WebhookFanOut>();
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        builder.Services.AddSingleton<WebhookLogRetention>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookLogRetention>());
        return builder;
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Notifications;

public sealed class NotificationsServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb);

/// <summary>
/// Notifications with a partner's webhook receiver started first (the only private address its SSRF guard lets through),
/// on a clock the tests move to reach each retry.
/// </summary>
public sealed class WebhooksServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb)
{
    public const int TimeoutSeconds = 2;

    public ManualClock Clock { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Clock);
        return new Dictionary<string, string>
        {
            ["Webhooks:AllowedPrivateDestinations:0"] = $"127.0.0.1:{Receiver.Port}",
            ["Webhooks:Timeout"] = $"00:00:0{TimeoutSeconds}",
            ["Webhooks:PollInterval"] = "00:00:00.2",
        };
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

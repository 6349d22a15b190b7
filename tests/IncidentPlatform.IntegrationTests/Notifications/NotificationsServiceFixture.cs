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
public class WebhooksServiceFixture(TestInfrastructure infrastructure)
    : ServiceFixture<NotificationsDbContext>(infrastructure, ResourceNames.NotificationsDb)
{
    public const int TimeoutSeconds = 2;

    public ManualClock Clock { get; } = new();

    public WebhookReceiver Receiver { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> ExtraSettingsAsync()
    {
        Receiver = await WebhookReceiver.StartAsync(Clock);
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowedPrivateDestinations:0"] = $"127.0.0.1:{Receiver.Port}",
            ["Webhooks:Timeout"] = $"00:00:0{TimeoutSeconds}",
            ["Webhooks:PollInterval"] = "00:00:00.2",
        };
        foreach (var (key, value) in WebhookSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Webhook settings of a variant of this fixture, applied over the ones above.</summary>
    protected virtual IReadOnlyDictionary<string, string> WebhookSettings => new Dictionary<string, string>();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>
/// A dispatcher with three attempt slots, at most two per endpoint, and attempts that may wait two minutes: enough for
/// an endpoint that hangs to hold its share for the whole of a test.
/// </summary>
public sealed class CrowdedWebhooksServiceFixture(TestInfrastructure infrastructure) : WebhooksServiceFixture(infrastructure)
{
    public const int PerEndpoint = 2;

    protected override IReadOnlyDictionary<string, string> WebhookSettings => new Dictionary<string, string>
    {
        ["Webhooks:MaxConcurrentAttempts"] = "3",
        ["Webhooks:MaxConcurrentAttemptsPerEndpoint"] = $"{PerEndpoint}",
        ["Webhooks:Timeout"] = "00:02:00",
    };
}

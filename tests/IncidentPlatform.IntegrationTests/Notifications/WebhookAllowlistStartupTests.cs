using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>Settings that keep Notifications from starting: the development allowlist where it does not belong, and limits that would never send.</summary>
public sealed class WebhookAllowlistStartupTests(TestInfrastructure infrastructure)
{
    [Fact]
    public void Outside_development_a_private_destination_allowlist_keeps_Notifications_from_starting()
    {
        var refused = StartRefusedInProductionWith("Webhooks:AllowedPrivateDestinations:0", "127.0.0.1:5005");

        Assert.Contains("Webhooks:AllowedPrivateDestinations lets webhooks reach private addresses", refused);
        Assert.Contains("refused in the Production environment", refused);
    }

    [Fact]
    public void Webhook_concurrency_that_would_never_send_keeps_Notifications_from_starting()
    {
        var refused = StartRefusedInProductionWith("Webhooks:MaxConcurrentAttemptsPerEndpoint", "0");

        Assert.Contains("Webhooks:MaxConcurrentAttempts and Webhooks:MaxConcurrentAttemptsPerEndpoint must be at least 1 (they are 512 and 0)", refused);
    }

    [Fact]
    public void A_prefetch_count_of_zero_keeps_Notifications_from_starting()
    {
        var refused = StartRefusedInProductionWith("Messaging:PrefetchCount", "0");

        Assert.Contains("Messaging:PrefetchCount must be at least 1", refused);
    }

    /// <summary>Starts Notifications in Production with one setting added and returns why it refused to start.</summary>
    private string StartRefusedInProductionWith(string key, string value)
    {
        // A database and virtual host never created: the service must refuse before it touches either.
        var settings = ServiceFixture<NotificationsDbContext>.Settings(infrastructure, ResourceNames.NotificationsDb, $"never_{Guid.NewGuid():N}", $"never-{Guid.NewGuid():N}");
        settings[key] = value;
        using var production = new ServiceFactory<NotificationsDbContext>(settings, null, Environments.Production);
        production.UseKestrel(0);

        return Assert.ThrowsAny<Exception>(production.StartServer).ToString();
    }
}

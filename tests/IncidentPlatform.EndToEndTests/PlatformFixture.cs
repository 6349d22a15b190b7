using System.Net.Http.Headers;
using System.Text;
using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.AppHost.Testing;
using IncidentPlatform.Contracts;
using IncidentPlatform.IntegrationTests.Actions;
using IncidentPlatform.IntegrationTests.Notifications;

[assembly: AssemblyFixture(typeof(IncidentPlatform.EndToEndTests.PlatformFixture))]

// One platform for the whole run; tests take turns because one of them stops the broker.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace IncidentPlatform.EndToEndTests;

/// <summary>The platform exactly as AppHost's Program declares it, with throw-away state and free ports.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformApplication App { get; private set; } = null!;

    /// <summary>A partner's webhook receiver on 127.0.0.1: the one private destination Notifications may deliver to in this run.</summary>
    public WebhookReceiver Partner { get; private set; } = null!;

    /// <summary>The org's issue trackers (local GitHub, Jira and Linear API servers), allowed as tracker base URLs in this run.</summary>
    public FakeTrackers Trackers { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Partner = await WebhookReceiver.StartAsync(TimeProvider.System);
        // The services AppHost starts inherit this process's environment.
        Environment.SetEnvironmentVariable("Webhooks__AllowedPrivateDestinations__0", $"127.0.0.1:{Partner.Port}");
        Trackers = await FakeTrackers.StartAsync();
        Environment.SetEnvironmentVariable("Trackers__AllowedBaseUrls__0", Trackers.BaseUrlOf("github"));
        App = await PlatformTestingSession.StartAsync();
        Eventually.DescribePlatform = DescribeAsync;
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Partner is not null)
        {
            await Partner.DisposeAsync();
        }

        if (Trackers is not null)
        {
            await Trackers.DisposeAsync();
        }
    }

    /// <summary>A client of the gateway acting as a user of <paramref name="orgId"/> (a new org when omitted).</summary>
    public HttpClient GatewayClient(Guid? orgId = null, string? userId = null, string name = "E2E User")
    {
        var client = App.CreateHttpClient(ResourceNames.Gateway);
        var token = App.Identity.MintToken(orgId ?? Guid.NewGuid(), userId ?? Guid.NewGuid().ToString(), name);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Each service's health, the broker's queues and the services' recent warnings: why an event did not arrive.</summary>
    public async Task<string> DescribeAsync()
    {
        var report = new StringBuilder();
        string[] services = [ResourceNames.IncidentsApi, ResourceNames.ReviewsApi, ResourceNames.ActionsApi, ResourceNames.NotificationsApi];
        foreach (var service in services)
        {
            using var client = App.CreateHttpClient(service);
            client.Timeout = TimeSpan.FromSeconds(5);
            try
            {
                report.AppendLine($"{service} /health: {await client.GetStringAsync("/health")}");
            }
            catch (Exception exception)
            {
                report.AppendLine($"{service} /health: {exception.Message}");
            }
        }

        try
        {
            report.AppendLine("queues:").AppendLine(await App.GetResource<RabbitMqResource>(ResourceNames.Messaging).DescribeQueuesAsync(default));
        }
        catch (Exception exception)
        {
            report.AppendLine($"queues: {exception.Message}");
        }

        foreach (var service in services)
        {
            var warnings = App.GetResource<ProjectResource>(service).RecentOutput
                .Split('\n')
                .Where(line => line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
                .TakeLast(8);
            foreach (var line in warnings)
            {
                report.AppendLine($"[{service}] {(line.Length > 400 ? line[..400] : line)}");
            }
        }

        return report.ToString();
    }
}

using System.Net.Http.Headers;
using IncidentPlatform.AppHost.Hosting;
using IncidentPlatform.AppHost.Testing;
using IncidentPlatform.Contracts;

[assembly: AssemblyFixture(typeof(IncidentPlatform.EndToEndTests.PlatformFixture))]

// One platform for the whole run; tests take turns because one of them stops the broker.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace IncidentPlatform.EndToEndTests;

/// <summary>The platform exactly as AppHost's Program declares it, with throw-away state and free ports.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await PlatformTestingSession.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
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
}

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// Runs one service's real Program on Kestrel (real HTTP), configured like AppHost configures it.
/// <typeparamref name="TEntryPoint"/> is any type of the service's assembly (its DbContext).
/// </summary>
/// <param name="environment">Development, as AppHost runs the services, unless a test needs another.</param>
public sealed class ServiceFactory<TEntryPoint>(
    IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? configureServices,
    string environment = "Development") : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureTestServices(configureServices);
        }
    }
}

using IncidentPlatform.ServiceDefaults.Identity;
using Scalar.AspNetCore;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace IncidentPlatform.Gateway;

internal static class GatewayExtensions
{
    /// <summary>The services whose OpenAPI documents the gateway serves and lists in its API reference.</summary>
    private static readonly string[] Documents = ["incidents", "reviews", "actions", "notifications"];

    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformAuthentication();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        // Cluster addresses such as http://incidents-api resolve through service discovery
        // (services__incidents-api__http__0 from AppHost, or DNS in Kubernetes).
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePlatformAuthentication();
        app.MapScalarApiReference("/docs", options =>
        {
            options.WithTitle("IncidentPlatform API");
            foreach (var document in Documents)
            {
                options.AddDocument(document, routePattern: $"/openapi/{document}.json");
            }
        }).AllowAnonymous();
        return app;
    }
}

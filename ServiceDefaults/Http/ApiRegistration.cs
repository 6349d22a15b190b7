using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace IncidentPlatform.ServiceDefaults.Http;

public static class ApiRegistration
{
    /// <summary>
    /// What an HTTP API of the platform needs beyond the defaults: Entra authentication and the org context,
    /// and an OpenAPI document served at <c>/openapi/{documentName}.json</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformApi(this IHostApplicationBuilder builder, string documentName, string title)
    {
        builder.AddPlatformAuthentication();
        builder.Services.AddOpenApi(documentName, options => options.AddEndpointExamples().AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo { Title = title, Version = "v1" };
            // Relative, so the document is right both from the service and through the gateway.
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "An Entra ID access token for the platform (scope access_as_user).",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UsePlatformApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePlatformAuthentication();
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}

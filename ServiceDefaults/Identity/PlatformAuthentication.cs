using System.Net.Http;
using System.Security.Cryptography;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IncidentPlatform.ServiceDefaults.Identity;

/// <summary>
/// Entra ID bearer authentication (Microsoft.Identity.Web) for the gateway and every service.
/// Services validate tokens themselves: nothing trusts a header set by the gateway.
/// </summary>
public static class PlatformAuthentication
{
    public const string AzureAdSection = "AzureAd";

    /// <summary>Delegated scope a user token must carry, or…</summary>
    public const string UserScope = "access_as_user";

    /// <summary>…the app role a partner (daemon) application must hold.</summary>
    public const string IntegrationRole = "Platform.Integration";

    /// <summary>Policy of the platform's own operations endpoints (error queues), not of any organization's data.</summary>
    public const string OperatorPolicy = "platform-operator";

    /// <summary>App role of the SREs who operate the deployment.</summary>
    public const string OperatorRole = "Platform.Operator";

    /// <summary>
    /// The Entra tenant of the platform's operators. App roles of a multi-tenant app can be assigned by any
    /// customer tenant's admin, so the role alone proves nothing: it counts only in this tenant.
    /// </summary>
    public const string OperatorTenantKey = "PlatformOperations:OperatorTenantId";

    /// <summary>
    /// Configuration key of the dev issuer's certificate SHA-256 hash. Set only by AppHost and tests: the
    /// metadata backchannel then trusts exactly that self-signed certificate (pinning), nothing more.
    /// </summary>
    public const string DevIssuerThumbprintKey = "DevIssuer:CertificateSha256";

    /// <summary>How long a validated bearer token is remembered (<see cref="ValidatedTokenCache"/>); 00:00:00 turns the cache off.</summary>
    public const string TokenCacheMaxAgeKey = "Authentication:TokenCacheMaxAge";

    private const string DevIssuerHttpClientName = "dev-issuer";

    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddMicrosoftIdentityWebApi(builder.Configuration.GetSection(AzureAdSection));

        var pinnedThumbprint = builder.Configuration[DevIssuerThumbprintKey];
        if (!string.IsNullOrWhiteSpace(pinnedThumbprint))
        {
            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                options.BackchannelHttpHandler = PinnedCertificateHandler(pinnedThumbprint));
            // Identity.Web's multi-tenant issuer validator fetches metadata with its own, named HttpClient;
            // without a name it falls back to a static client that cannot be told to trust the dev issuer.
            builder.Services.AddHttpClient(DevIssuerHttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => PinnedCertificateHandler(pinnedThumbprint));
            builder.Services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = DevIssuerHttpClientName);
        }

        // Each request used to validate its token in full at every hop (gateway, then service): a validated token is
        // now remembered briefly (ValidatedTokenCache says for how long and why that is safe; a maximum age of zero turns
        // it off, not the handler). The handler also keeps Identity.Web's issuer validator from blocking the thread pool
        // on its first metadata fetch (its summary says how), always.
        var tokenCacheMaxAge = builder.Configuration.GetValue(TokenCacheMaxAgeKey, ValidatedTokenCache.DefaultMaxAge);
        builder.Services.TryAddSingleton(services => new ValidatedTokenCache(
            services.GetService<TimeProvider>() ?? TimeProvider.System, maxAge: tokenCacheMaxAge));
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure<ValidatedTokenCache>((options, cache) =>
            {
                for (var i = 0; i < options.TokenHandlers.Count; i++)
                {
                    if (options.TokenHandlers[i] is JsonWebTokenHandler configured and not PlatformJsonWebTokenHandler)
                    {
                        options.TokenHandlers[i] = PlatformJsonWebTokenHandler.Replacing(configured, cache.MaxAge == TimeSpan.Zero ? null : cache);
                    }
                }
            });

        builder.Services.AddAuthorizationBuilder()
            .SetDefaultPolicy(OrgMemberPolicy())
            .SetFallbackPolicy(OrgMemberPolicy())
            .AddPolicy(OperatorPolicy, PlatformOperatorPolicy(builder.Configuration[OperatorTenantKey]));

        builder.Services.TryAddScoped<OrgContext>();
        return builder;
    }

    /// <summary>Authentication, authorization, then the org context every handler and query relies on.</summary>
    public static WebApplication UsePlatformAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (context.User.GetOrgId() is { } orgId)
            {
                context.RequestServices.GetRequiredService<OrgContext>().Set(orgId);
            }

            await next(context);
        });
        return app;
    }

    /// <summary>An authenticated caller of some organization, acting as a user or as a partner application.</summary>
    private static AuthorizationPolicy OrgMemberPolicy() => new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => context.User.GetOrgId() is not null
            && (HasScope(context.User, UserScope) || context.User.IsInRole(IntegrationRole)))
        .Build();

    /// <summary>An operator of the deployment: the operator role, granted in the operators' own tenant (no tenant configured: nobody).</summary>
    private static AuthorizationPolicy PlatformOperatorPolicy(string? operatorTenantId) => new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => Guid.TryParse(operatorTenantId, out var operators)
            && context.User.GetOrgId() == operators
            && context.User.IsInRole(OperatorRole))
        .Build();

    private static bool HasScope(System.Security.Claims.ClaimsPrincipal user, string scope) =>
        user.FindAll(ClaimConstants.Scp).Concat(user.FindAll(ClaimConstants.Scope))
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(scope, StringComparer.Ordinal);

    private static HttpMessageHandler PinnedCertificateHandler(string thumbprint) => new SocketsHttpHandler
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (certificate is not null
                    && string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase)),
        },
    };
}

using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IncidentPlatform.AppHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentPlatform.AppHost.Identity;

/// <summary>
/// A local, offline stand-in for Entra ID: serves OIDC discovery and signing keys over HTTPS and mints
/// Entra-shaped v2 access tokens (<c>iss</c> = <c>{instance}{tid}/v2.0</c>, <c>tid</c>, <c>oid</c>,
/// <c>aud</c> = the platform's client id, <c>scp</c>/<c>roles</c>), so Microsoft.Identity.Web validates them
/// exactly as it would real ones. Its certificate is self-signed; services pin it by SHA-256.
/// </summary>
public sealed class DevIssuer : IAsyncDisposable
{
    /// <summary>Client id of the platform's API app registration in development.</summary>
    public const string PlatformClientId = "6c1f3a52-8e0b-4d7e-9a35-2b4c6d8e0f17";

    public const string UserScope = "access_as_user";

    /// <summary>The tenant of the platform's own operators (SREs running the deployment) in development.</summary>
    public static readonly Guid OperatorTenantId = Guid.Parse("0f5e2d7c-4b1a-4c9e-8d3f-6a7b8c9d0e1f");

    public const string OperatorRole = "Platform.Operator";

    private readonly WebApplication _server;
    private readonly RsaSecurityKey _signingKey;

    private DevIssuer(WebApplication server, RsaSecurityKey signingKey, X509Certificate2 certificate)
    {
        _server = server;
        _signingKey = signingKey;
        Certificate = certificate;
    }

    /// <summary>The authority's instance, e.g. <c>https://localhost:5443/</c> (AzureAd:Instance).</summary>
    public Uri Instance { get; private set; } = null!;

    public X509Certificate2 Certificate { get; }

    public string CertificateSha256 => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>The settings a service needs to validate this issuer's tokens (as configuration keys).</summary>
    public IReadOnlyDictionary<string, string> ServiceConfiguration => new Dictionary<string, string>
    {
        ["AzureAd:Instance"] = Instance.ToString(),
        ["AzureAd:TenantId"] = "organizations",
        ["AzureAd:ClientId"] = PlatformClientId,
        ["DevIssuer:CertificateSha256"] = CertificateSha256,
        ["PlatformOperations:OperatorTenantId"] = OperatorTenantId.ToString(),
    };

    /// <summary>A token of an operator of the deployment, for its operations endpoints (error queues).</summary>
    public string MintOperatorToken(string userId = "platform-operator", TimeSpan? lifetime = null) =>
        MintToken(OperatorTenantId, userId, "Platform Operator", roles: [OperatorRole], lifetime: lifetime);

    /// <summary>
    /// Starts the issuer on <paramref name="port"/> (0: any free port). With a <paramref name="stateDirectory"/>,
    /// its certificate and signing key are kept there, so tokens stay valid across restarts.
    /// </summary>
    public static async Task<DevIssuer> StartAsync(int port, string? stateDirectory, CancellationToken cancellationToken = default)
    {
        var certificate = await LoadOrCreateCertificateAsync(stateDirectory);
        var signingKey = await LoadOrCreateSigningKeyAsync(stateDirectory);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel cannot pick a free port for "localhost" (two addresses); tests ask for any port on 127.0.0.1.
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            }
            else
            {
                kestrel.ListenLocalhost(port, listen => listen.UseHttps(certificate));
            }
        });
        var server = builder.Build();
        var issuer = new DevIssuer(server, signingKey, certificate);
        issuer.MapEndpoints(server);
        await server.StartAsync(cancellationToken);

        // With port 0 the bound port is known only now; the endpoints read Instance per request.
        var boundPort = new Uri(server.Urls.First()).Port;
        issuer.Instance = new Uri($"https://localhost:{boundPort.ToString(CultureInfo.InvariantCulture)}/");
        return issuer;
    }

    /// <summary>Mints an access token for a user of an organization, as Entra would issue it to the platform's SPA.</summary>
    public string MintToken(
        Guid orgId,
        string userId,
        string displayName,
        IEnumerable<string>? scopes = null,
        IEnumerable<string>? roles = null,
        TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = orgId.ToString(),
            ["oid"] = userId,
            ["sub"] = userId,
            ["name"] = displayName,
            ["preferred_username"] = $"{displayName.Replace(' ', '.').ToLowerInvariant()}@example.com",
            ["ver"] = "2.0",
            ["azp"] = PlatformClientId,
        };
        var scopeList = (scopes ?? [UserScope]).ToList();
        if (scopeList.Count > 0)
        {
            claims["scp"] = string.Join(' ', scopeList);
        }

        var roleList = roles?.ToList() ?? [];
        if (roleList.Count > 0)
        {
            claims["roles"] = roleList;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerFor(orgId.ToString()),
            Audience = PlatformClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private string IssuerFor(string tenant) => $"{Instance}{tenant}/v2.0";

    private void MapEndpoints(WebApplication server)
    {
        // Like Entra's multi-tenant endpoints, "organizations" and "common" advertise a {tenantid} template.
        server.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = tenant is "organizations" or "common" ? IssuerFor("{tenantid}") : IssuerFor(tenant),
            ["jwks_uri"] = $"{Instance}{tenant}/discovery/v2.0/keys",
            ["token_endpoint"] = $"{Instance}{tenant}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{Instance}{tenant}/oauth2/v2.0/authorize",
            ["response_types_supported"] = new[] { "code", "id_token", "token id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["tenant_region_scope"] = "dev",
        }));

        server.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_signingKey);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });

        // Development only: mint a token for any org and user, for scripts, benchmarks and manual testing.
        server.MapPost("/dev/tokens", (DevTokenRequest request) =>
        {
            if (request.OrgId == Guid.Empty || string.IsNullOrWhiteSpace(request.UserId))
            {
                return Results.Problem(statusCode: 400, title: "orgId and userId are required.");
            }

            var token = MintToken(request.OrgId, request.UserId, request.Name ?? request.UserId, request.Scopes, request.Roles,
                request.LifetimeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null);
            return Results.Json(new { access_token = token, token_type = "Bearer" });
        });
    }

    private static async Task<X509Certificate2> LoadOrCreateCertificateAsync(string? stateDirectory)
    {
        var path = stateDirectory is null ? null : Path.Combine(stateDirectory, "https-certificate.pfx");
        if (path is not null && File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12(await File.ReadAllBytesAsync(path), null);
            if (existing.NotAfter > DateTime.Now.AddDays(7))
            {
                return existing;
            }
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost (IncidentPlatform dev issuer)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = created.Export(X509ContentType.Pkcs12);
        if (path is not null)
        {
            await StateSecrets.WriteOwnerOnlyAsync(path, pfx);
        }

        return X509CertificateLoader.LoadPkcs12(pfx, null);
    }

    private static async Task<RsaSecurityKey> LoadOrCreateSigningKeyAsync(string? stateDirectory)
    {
        var path = stateDirectory is null ? null : Path.Combine(stateDirectory, "signing-key.pem");
        var rsa = RSA.Create(2048);
        if (path is not null && File.Exists(path))
        {
            rsa.ImportFromPem(await File.ReadAllTextAsync(path));
        }
        else if (path is not null)
        {
            await StateSecrets.WriteOwnerOnlyAsync(path, System.Text.Encoding.ASCII.GetBytes(rsa.ExportPkcs8PrivateKeyPem()));
        }

        var key = new RsaSecurityKey(rsa);
        key.KeyId = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
        return key;
    }

    private sealed record DevTokenRequest(Guid OrgId, string UserId, string? Name, string[]? Scopes, string[]? Roles, int? LifetimeMinutes);
}

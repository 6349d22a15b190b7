using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>Access tokens from the running AppHost's dev issuer (POST /dev/tokens), as any script gets them.</summary>
public static class DevTokens
{
    public static async Task<string> MintAsync(AppHostProcess platform, Guid orgId, string userId, string name, CancellationToken cancellationToken)
    {
        // The issuer's certificate is self-signed: trust exactly the one AppHost keeps in its state directory,
        // as the services pin it.
        var certificatePath = Path.Combine(platform.StateDirectory, ResourceNames.Identity, "https-certificate.pfx");
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, null);
        var pinned = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && string.Equals(presented.GetCertHashString(HashAlgorithmName.SHA256), pinned, StringComparison.OrdinalIgnoreCase);
        using var client = new HttpClient(handler) { BaseAddress = platform.Identity };

        using var response = await client.PostAsJsonAsync("dev/tokens", new { orgId, userId, name }, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchmarkFailedException($"POST /dev/tokens: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()
            ?? throw new BenchmarkFailedException("POST /dev/tokens returned no access_token.");
    }
}

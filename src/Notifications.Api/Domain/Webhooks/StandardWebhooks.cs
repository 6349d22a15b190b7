using System.Security.Cryptography;
using System.Text;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

/// <summary>
/// Signing as the Standard Webhooks spec (standardwebhooks.com) defines it: a secret is <c>whsec_</c> + base64 of
/// random bytes; a signature is <c>v1,</c> + base64 HMAC-SHA256, keyed with the secret's bytes, of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Several signatures (during a secret rotation) are space-separated.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const int SecretBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per secret that currently signs.</summary>
    public static string SignatureHeaderValue(IEnumerable<string> secrets, string messageId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, messageId, timestamp, body)));
}

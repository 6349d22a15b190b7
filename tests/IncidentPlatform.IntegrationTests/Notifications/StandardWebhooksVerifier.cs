using System.Security.Cryptography;
using System.Text;

namespace IncidentPlatform.IntegrationTests.Notifications;

/// <summary>
/// A receiver's verification of a Standard Webhooks delivery, written from the spec (standardwebhooks.com) and on
/// purpose sharing no code with the platform's signer: the timestamp must be within five minutes of now, and at least
/// one <c>v1</c> entry of <c>webhook-signature</c> must equal base64(HMAC-SHA256(secret bytes, "{id}.{timestamp}.{body}")).
/// </summary>
public static class StandardWebhooksVerifier
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verify(string secret, IReadOnlyDictionary<string, string> headers, string body, DateTimeOffset now)
    {
        if (!headers.TryGetValue("webhook-id", out var id)
            || !headers.TryGetValue("webhook-timestamp", out var timestampText)
            || !headers.TryGetValue("webhook-signature", out var signatures)
            || !long.TryParse(timestampText, out var timestamp))
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > Tolerance)
        {
            return false;
        }

        var keyText = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret.Substring("whsec_".Length) : secret;
        using var hmac = new HMACSHA256(Convert.FromBase64String(keyText));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestampText + "." + body));

        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || entry[..comma] != "v1")
            {
                continue;
            }

            byte[] given;
            try
            {
                given = Convert.FromBase64String(entry[(comma + 1)..]);
            }
            catch (FormatException)
            {
                continue;
            }

            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return true;
            }
        }

        return false;
    }
}

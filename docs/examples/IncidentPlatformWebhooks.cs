using System.Security.Cryptography;
using System.Text;

namespace Partner.Webhooks;

public static class IncidentPlatformWebhooks
{
    /// <summary>
    /// Whether a delivery is authentic and fresh. Pass the webhook-id, webhook-timestamp and webhook-signature
    /// headers and the raw body exactly as received (read it as text before parsing the JSON).
    /// </summary>
    public static bool IsAuthentic(string secret, string id, string timestamp, string signatures, string body)
    {
        if (!long.TryParse(timestamp, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;   // too old (or from the future): a replay
        }

        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var signature = new byte[expected.Length];
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(',', 2);
            if (parts.Length == 2 && parts[0] == "v1"
                && Convert.TryFromBase64String(parts[1], signature, out var length) && length == signature.Length
                && CryptographicOperations.FixedTimeEquals(signature, expected))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IncidentPlatform.ServiceDefaults.Secrets;

/// <summary>
/// Encrypts the secrets a service must keep and use again (webhook signing secrets, tracker credentials) with
/// AES-256-GCM under a key ring from configuration: <c>Secrets:Keys:{id}</c> (base64, 32 bytes) and
/// <c>Secrets:ActiveKeyId</c>. New values use the active key; older keys stay in the ring to read what they wrote, so
/// keys rotate without re-encrypting. A value is bound to its purpose (e.g. the row it belongs to): moved to another
/// row, it no longer decrypts. In Kubernetes the ring comes from a Secret; AppHost generates one into its state folder.
/// </summary>
public sealed class SecretProtector
{
    public const string SectionName = "Secrets";
    private const string FormatVersion = "v1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public SecretProtector(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (!keys.TryGetValue(activeKeyId, out _))
        {
            throw new InvalidOperationException($"{SectionName}:ActiveKeyId '{activeKeyId}' names no key of {SectionName}:Keys.");
        }

        foreach (var (id, key) in keys)
        {
            if (key.Length != 32)
            {
                throw new InvalidOperationException($"{SectionName}:Keys:{id} must be 32 bytes in base64 (AES-256); it is {key.Length} bytes.");
            }

            if (id.Contains('.', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{SectionName}:Keys:{id}: a key id cannot contain '.'.");
            }
        }

        _keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        _activeKeyId = activeKeyId;
    }

    public static SecretProtector FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var activeKeyId = section["ActiveKeyId"];
        var keys = section.GetSection("Keys").GetChildren()
            .Where(key => !string.IsNullOrWhiteSpace(key.Value))
            .ToDictionary(key => key.Key, key => DecodeKey(key.Key, key.Value!), StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(activeKeyId) || keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No secret key ring is configured: set {SectionName}__ActiveKeyId and {SectionName}__Keys__<id> (32 random bytes, base64), " +
                "e.g. from a Kubernetes Secret. AppHost sets them for local runs.");
        }

        return new SecretProtector(keys, activeKeyId);
    }

    /// <summary>A new random key in the ring's format (32 bytes, base64).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary><c>v1.{keyId}.{base64(nonce ‖ ciphertext ‖ tag)}</c>.</summary>
    public string Protect(string plaintext, string purpose)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + plainBytes.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(NonceSize, plainBytes.Length), sealedBytes.AsSpan(NonceSize + plainBytes.Length), AssociatedData(purpose));
        return $"{FormatVersion}.{_activeKeyId}.{Convert.ToBase64String(sealedBytes)}";
    }

    public string Unprotect(string protectedValue, string purpose)
    {
        var parts = protectedValue.Split('.', 3);
        if (parts.Length != 3 || parts[0] != FormatVersion)
        {
            throw new CryptographicException("The value is not a protected secret of this platform.");
        }

        if (!_keys.TryGetValue(parts[1], out var key))
        {
            throw new CryptographicException($"The value was protected with key '{parts[1]}', which is no longer in the key ring.");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            // One exception type for every unreadable value, so callers need not know how it is encoded.
            throw new CryptographicException("The protected value is damaged (not base64).");
        }

        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected value is truncated.");
        }

        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plainBytes = new byte[cipherLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(
            sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength), sealedBytes.AsSpan(NonceSize + cipherLength),
            plainBytes, AssociatedData(purpose));
        return Encoding.UTF8.GetString(plainBytes);
    }

    /// <summary>The plaintext, or null when the value cannot be read (its key gone from the ring, or damaged).</summary>
    public string? TryUnprotect(string protectedValue, string purpose)
    {
        try
        {
            return Unprotect(protectedValue, purpose);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[] AssociatedData(string purpose) => Encoding.UTF8.GetBytes(purpose);

    private static byte[] DecodeKey(string id, string value)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{SectionName}:Keys:{id} is not base64.");
        }
    }
}

public static class SecretProtectionRegistration
{
    /// <summary>Registers the <see cref="SecretProtector"/>; a missing or malformed key ring stops the service at start-up, not at first use.</summary>
    public static IHostApplicationBuilder AddSecretProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SecretProtector.FromConfiguration(builder.Configuration));
        return builder;
    }
}

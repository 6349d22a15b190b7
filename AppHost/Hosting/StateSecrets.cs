using System.Security.Cryptography;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>Random passwords for the private servers, created on first run and kept (owner-only) in the state folder.</summary>
public static class StateSecrets
{
    public static async Task<string> ReadOrCreateAsync(string path)
    {
        if (File.Exists(path))
        {
            return (await File.ReadAllTextAsync(path)).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant();
        await WriteOwnerOnlyAsync(path, System.Text.Encoding.ASCII.GetBytes(secret));
        return secret;
    }

    public static async Task WriteOwnerOnlyAsync(string path, byte[] content)
    {
        await File.WriteAllBytesAsync(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}

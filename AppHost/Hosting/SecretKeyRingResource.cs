using System.Security.Cryptography;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// The key ring services encrypt stored secrets with (ServiceDefaults' <c>SecretProtector</c>): generated on first run and kept,
/// owner-only, in the state folder, so a restart still reads what was stored; <c>--fresh</c> wipes it with the data.
/// Given <c>Secrets__ActiveKeyId</c> and <c>Secrets__Keys__*</c> (an operator's own ring), AppHost passes those instead.
/// </summary>
public sealed class SecretKeyRingResource(string name, IReadOnlyDictionary<string, string> configuredRing) : PlatformResource(name), IResourceWithEnvironment
{
    /// <summary>The configuration section services read the ring from (<c>SecretProtector.SectionName</c>).</summary>
    public const string SectionName = "Secrets";
    private const string LocalKeyId = "local1";
    private Dictionary<string, string>? _environment;

    public override async Task StartAsync(PlatformContext context, CancellationToken cancellationToken)
    {
        if (configuredRing.Count > 0)
        {
            _environment = configuredRing.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
            return;
        }

        var path = Path.Combine(context.StateDirectoryFor(Name), $"{LocalKeyId}.key");
        if (!File.Exists(path))
        {
            await StateSecrets.WriteOwnerOnlyAsync(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        }

        _environment = new()
        {
            [$"{SectionName}__ActiveKeyId"] = LocalKeyId,
            [$"{SectionName}__Keys__{LocalKeyId}"] = (await File.ReadAllTextAsync(path, cancellationToken)).Trim(),
        };
    }

    public override Task StopAsync() => Task.CompletedTask;

    public IEnumerable<KeyValuePair<string, string>> EnvironmentForReferences() =>
        _environment ?? throw new InvalidOperationException($"{Name} has not started.");

    public override string Describe() => configuredRing.Count > 0 ? "configured key ring (Secrets__*)" : "generated key ring (state folder)";
}

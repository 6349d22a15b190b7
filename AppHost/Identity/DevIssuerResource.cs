using IncidentPlatform.AppHost.Hosting;

namespace IncidentPlatform.AppHost.Identity;

/// <summary>The dev issuer as a platform resource: runs inside AppHost and configures every service that references it.</summary>
public sealed class DevIssuerResource(string name, int? port) : PlatformResource(name), IResourceWithEnvironment
{
    private DevIssuer? _issuer;

    public DevIssuer Issuer => _issuer ?? throw new InvalidOperationException($"{Name} has not started.");

    public override async Task StartAsync(PlatformContext context, CancellationToken cancellationToken)
    {
        if (port is { } fixedPort)
        {
            Ports.EnsureFree(fixedPort, Name, "--identity-port");
        }

        _issuer = await DevIssuer.StartAsync(port ?? 0, context.StateDirectoryFor(Name), cancellationToken);
    }

    public override async Task StopAsync()
    {
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
            _issuer = null;
        }
    }

    public IEnumerable<KeyValuePair<string, string>> EnvironmentForReferences() =>
        Issuer.ServiceConfiguration.Select(setting => KeyValuePair.Create(setting.Key.Replace(":", "__", StringComparison.Ordinal), setting.Value));

    public override string Describe() => $"{Issuer.Instance} (dev issuer: OIDC discovery, JWKS, POST /dev/tokens)";
}

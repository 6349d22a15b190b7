namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// Something AppHost runs: a database server, a broker, the dev issuer or a service process.
/// <see cref="StartAsync"/> returns only once the resource is healthy, so dependents can rely on it.
/// </summary>
public interface IPlatformResource
{
    string Name { get; }

    /// <summary>Resources this one needs started (and healthy) first.</summary>
    IReadOnlyCollection<IPlatformResource> Dependencies { get; }

    void AddDependency(IPlatformResource resource);

    Task StartAsync(PlatformContext context, CancellationToken cancellationToken);

    Task StopAsync();

    /// <summary>One line for the resource table: where it is reachable and how it runs.</summary>
    string Describe();
}

/// <summary>A resource others reach through a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString : IPlatformResource
{
    string ConnectionString { get; }

    /// <summary>Further endpoints a service that references it may discover (<c>services__{name}__{endpoint}__0</c>), e.g. a broker's management API.</summary>
    IEnumerable<KeyValuePair<string, string>> EndpointsForReferences() => [];
}

/// <summary>A resource others reach over HTTP (<c>services__{name}__http__0</c>).</summary>
public interface IResourceWithEndpoint : IPlatformResource
{
    Uri HttpEndpoint { get; }
}

/// <summary>A resource that contributes settings to whatever references it (e.g. the identity issuer).</summary>
public interface IResourceWithEnvironment : IPlatformResource
{
    IEnumerable<KeyValuePair<string, string>> EnvironmentForReferences();
}

/// <summary>Base with the dependency bookkeeping every resource shares.</summary>
public abstract class PlatformResource(string name) : IPlatformResource
{
    private readonly List<IPlatformResource> _dependencies = [];

    public string Name { get; } = name;

    public IReadOnlyCollection<IPlatformResource> Dependencies => _dependencies;

    public void AddDependency(IPlatformResource resource)
    {
        if (!_dependencies.Contains(resource))
        {
            _dependencies.Add(resource);
        }
    }

    public abstract Task StartAsync(PlatformContext context, CancellationToken cancellationToken);

    public abstract Task StopAsync();

    public abstract string Describe();
}

/// <summary>A start-up failure explained in one line that names the fix.</summary>
public sealed class PlatformStartException(string message, Exception? inner = null) : Exception(message, inner);

using IncidentPlatform.AppHost.Identity;
using IncidentPlatform.AppHost.Testing;
using Microsoft.Extensions.Configuration;
using Projects;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>Declares the platform's resources, in the shape of Aspire's <c>IDistributedApplicationBuilder</c>.</summary>
public sealed class PlatformBuilder
{
    private readonly List<IPlatformResource> _resources = [];
    private readonly List<Func<PlatformApplication, CancellationToken, Task>> _onStarted = [];

    internal PlatformBuilder(PlatformOptions options, IConfiguration configuration, PlatformTestingSession? testingSession)
    {
        Options = options;
        Configuration = configuration;
        TestingSession = testingSession;
    }

    public PlatformOptions Options { get; }

    /// <summary>Environment variables and command line, e.g. <c>ConnectionStrings__postgres</c> for an existing server.</summary>
    public IConfiguration Configuration { get; }

    internal PlatformTestingSession? TestingSession { get; }

    public IResourceBuilder<DevIssuerResource> AddDevIdentityIssuer(string name) =>
        Add(new DevIssuerResource(name, Options.IdentityPort));

    public IResourceBuilder<PostgresServerResource> AddPostgres(string name) =>
        Add(new PostgresServerResource(name, Configuration.GetConnectionString(name)));

    public IResourceBuilder<RabbitMqResource> AddRabbitMQ(string name) =>
        Add(new RabbitMqResource(name, Configuration.GetConnectionString(name)));

    /// <summary>The key ring for secrets services store encrypted (Aspire would take it as a secret parameter).</summary>
    public IResourceBuilder<SecretKeyRingResource> AddSecretKeyRing(string name) =>
        Add(new SecretKeyRingResource(name, Configuration.GetSection(SecretKeyRingResource.SectionName).AsEnumerable(makePathsRelative: false)
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key, setting => setting.Value!)));

    public IResourceBuilder<ProjectResource> AddProject<TProject>(string name) where TProject : IProjectMetadata, new() =>
        Add(new ProjectResource(name, new TProject().AssemblyName));

    /// <summary>Runs once every resource is healthy (e.g. seeding demo data through the gateway).</summary>
    public void OnStarted(Func<PlatformApplication, CancellationToken, Task> callback) => _onStarted.Add(callback);

    public PlatformApplication Build() => new(Options, [.. _resources], [.. _onStarted], TestingSession);

    internal IResourceBuilder<T> Add<T>(T resource) where T : IPlatformResource
    {
        if (_resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }
}

public static class PlatformBuilderExtensions
{
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string databaseName) =>
        server.ApplicationBuilder.Add(new PostgresDatabaseResource(name, databaseName, server.Resource));

    /// <summary>Serves the project on a fixed port (the gateway's public address), or a free one when null.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpPort(this IResourceBuilder<ProjectResource> project, int? port, string option)
    {
        project.Resource.FixedPort = port;
        project.Resource.FixedPortOption = option;
        return project;
    }
}

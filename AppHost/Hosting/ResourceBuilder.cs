namespace IncidentPlatform.AppHost.Hosting;

/// <summary>Fluent handle on a resource being added, as in Aspire (<c>IResourceBuilder&lt;T&gt;</c>).</summary>
public interface IResourceBuilder<out T> where T : IPlatformResource
{
    T Resource { get; }

    PlatformBuilder ApplicationBuilder { get; }
}

internal sealed class ResourceBuilder<T>(PlatformBuilder applicationBuilder, T resource) : IResourceBuilder<T>
    where T : IPlatformResource
{
    public T Resource { get; } = resource;

    public PlatformBuilder ApplicationBuilder { get; } = applicationBuilder;
}

public static class ResourceBuilderExtensions
{
    /// <summary>Starts <paramref name="builder"/>'s resource only once <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IPlatformResource> dependency)
        where T : IPlatformResource
    {
        builder.Resource.AddDependency(dependency.Resource);
        return builder;
    }

    /// <summary>Passes a connection string as <c>ConnectionStrings__{name}</c>, and any further endpoints of the resource.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithConnectionString> source)
    {
        builder.Resource.AddDependency(source.Resource);
        builder.Resource.AddEnvironment(() =>
            [new($"ConnectionStrings__{source.Resource.Name}", source.Resource.ConnectionString), .. source.Resource.EndpointsForReferences()]);
        return builder;
    }

    /// <summary>Passes a service's address as <c>services__{name}__http__0</c> (service discovery's convention).</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithEndpoint> source)
    {
        builder.Resource.AddDependency(source.Resource);
        builder.Resource.AddEnvironment(() =>
            [new($"services__{source.Resource.Name}__http__0", source.Resource.HttpEndpoint.ToString().TrimEnd('/'))]);
        return builder;
    }

    /// <summary>Passes whatever settings the source gives its dependents (e.g. the issuer's <c>AzureAd__*</c>).</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithEnvironment> source)
    {
        builder.Resource.AddDependency(source.Resource);
        builder.Resource.AddEnvironment(source.Resource.EnvironmentForReferences);
        return builder;
    }
}

// Project metadata in the shape Aspire generates (Projects.Incidents_Api…), so AddProject<T> reads the same.
namespace Projects;

public interface IProjectMetadata
{
    /// <summary>The project's assembly name; AppHost's build records where its entry assembly is.</summary>
    string AssemblyName { get; }
}

public sealed class Incidents_Api : IProjectMetadata
{
    public string AssemblyName => "Incidents.Api";
}

public sealed class Reviews_Api : IProjectMetadata
{
    public string AssemblyName => "Reviews.Api";
}

public sealed class Actions_Api : IProjectMetadata
{
    public string AssemblyName => "Actions.Api";
}

public sealed class Notifications_Api : IProjectMetadata
{
    public string AssemblyName => "Notifications.Api";
}

public sealed class Gateway : IProjectMetadata
{
    public string AssemblyName => "Gateway";
}

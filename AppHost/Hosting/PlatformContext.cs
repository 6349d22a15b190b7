namespace IncidentPlatform.AppHost.Hosting;

/// <summary>What resources share while they start: where state lives, how to log, and how the run is set up.</summary>
public sealed class PlatformContext(PlatformOptions options, ConsoleLog log)
{
    public PlatformOptions Options { get; } = options;

    public ConsoleLog Log { get; } = log;

    /// <summary>A resource's own folder under the state directory, created on first use.</summary>
    public string StateDirectoryFor(string resourceName)
    {
        var path = Path.Combine(Options.StateDirectory, resourceName);
        Directory.CreateDirectory(path);
        return path;
    }
}

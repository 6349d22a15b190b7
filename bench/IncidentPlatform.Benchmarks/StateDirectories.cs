namespace IncidentPlatform.Benchmarks;

/// <summary>Throw-away AppHost state directories (databases, broker data, dev keys) under the temp folder.</summary>
public static class StateDirectories
{
    public static string Create()
    {
        // Created world-readable (not mktemp's 0700): as root, PostgreSQL runs as the postgres user and must reach its data.
        var path = Path.Combine(Path.GetTempPath(), $"incident-platform-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path, TextWriter progress)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            progress.WriteLine($"warning: could not delete {path}: {exception.Message}");
        }
    }
}

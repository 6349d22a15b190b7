namespace IncidentPlatform.AppHost.Hosting;

/// <summary>Finds the Debian-packaged server binaries AppHost runs privately.</summary>
internal static class LocalBinaries
{
    public const string InstallHint = "sudo apt-get install -y postgresql rabbitmq-server";

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> that has initdb and postgres.</summary>
    public static string PostgresBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(dir => Path.Combine(dir, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new PlatformStartException(
                $"PostgreSQL is not installed (no initdb under {root}/*/bin). Install it: {InstallHint} — or set ConnectionStrings__postgres to use an existing server.");
    }

    public static string RabbitMqServer()
    {
        const string path = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        return File.Exists(path)
            ? path
            : throw new PlatformStartException(
                $"RabbitMQ is not installed (no {path}). Install it: {InstallHint} — or set ConnectionStrings__messaging to use an existing broker.");
    }

    public static string Epmd()
    {
        string[] candidates = ["/usr/bin/epmd", "/usr/lib/erlang/bin/epmd"];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new PlatformStartException($"Erlang's epmd is missing (RabbitMQ needs it). Install it: {InstallHint}.");
    }

    /// <summary>
    /// PostgreSQL refuses to run as root. As root we run its binaries as the <c>postgres</c> user through
    /// setpriv, which execs in place, so signals reach postgres itself.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Prefix) AsPostgresUser(string binary)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return (binary, []);
        }

        if (!File.Exists("/usr/bin/setpriv"))
        {
            throw new PlatformStartException("Running as root needs setpriv to start PostgreSQL as the postgres user: sudo apt-get install -y util-linux.");
        }

        return ("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", binary]);
    }
}

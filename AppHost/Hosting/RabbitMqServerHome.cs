using System.Text.RegularExpressions;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// A RabbitMQ home for the private node that holds only the Erlang applications the node runs: the broker and the
/// enabled plugins with everything they depend on, linked to the installed package.
/// </summary>
/// <remarks>
/// The installed server puts every application of its plugins folder on Erlang's code path (71 on Debian's 3.10), and
/// Erlang's code server looks for each module it loads in every directory of that path in turn. The broker loads a
/// few thousand modules while it boots, so with only the 26 applications it needs on the path it accepts connections
/// in about half the time (README.md, Benchmarks). The scripts are copies because the server derives its home
/// from where its script is, after resolving links.
/// </remarks>
internal static partial class RabbitMqServerHome
{
    private const string BrokerApplication = "rabbit";

    /// <summary>
    /// Creates (or refreshes) the home under <paramref name="directory"/> for a node running <paramref name="plugins"/>,
    /// and returns its server script; null when the installation is not laid out as expected (the installed script
    /// then runs as it is).
    /// </summary>
    public static string? Prepare(string installedServerScript, string directory, IReadOnlyCollection<string> plugins)
    {
        var installedScript = ResolveLinks(installedServerScript);
        var installedHome = Path.GetDirectoryName(Path.GetDirectoryName(installedScript));
        if (installedHome is null
            || !Directory.Exists(Path.Combine(installedHome, "sbin"))
            || !Directory.Exists(Path.Combine(installedHome, "plugins")))
        {
            return null;
        }

        var applications = ApplicationsIn(Path.Combine(installedHome, "plugins"));
        var needed = Closure([BrokerApplication, .. plugins], applications);
        if (needed is null)
        {
            return null;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var scripts = Directory.CreateDirectory(Path.Combine(directory, "sbin")).FullName;
        foreach (var script in Directory.GetFiles(Path.Combine(installedHome, "sbin")))
        {
            File.Copy(script, Path.Combine(scripts, Path.GetFileName(script)));
        }

        var pluginsDirectory = Directory.CreateDirectory(Path.Combine(directory, "plugins")).FullName;
        foreach (var application in needed)
        {
            var installed = applications[application].Directory;
            File.CreateSymbolicLink(Path.Combine(pluginsDirectory, Path.GetFileName(installed)), installed);
        }

        var escripts = Path.Combine(installedHome, "escript");
        if (Directory.Exists(escripts))
        {
            Directory.CreateSymbolicLink(Path.Combine(directory, "escript"), escripts);
        }

        return Path.Combine(scripts, Path.GetFileName(installedScript));
    }

    /// <summary>The applications <paramref name="roots"/> need, themselves included; null if one of the roots is not installed.</summary>
    internal static IReadOnlySet<string>? Closure(IEnumerable<string> roots, IReadOnlyDictionary<string, InstalledApplication> installed)
    {
        Stack<string> pending = new(roots);
        if (pending.Any(root => !installed.ContainsKey(root)))
        {
            return null;
        }

        HashSet<string> needed = new(StringComparer.Ordinal);
        while (pending.TryPop(out var application))
        {
            // Applications not in the plugins folder (kernel, ssl, mnesia…) come from Erlang's own library.
            if (installed.TryGetValue(application, out var found) && needed.Add(application))
            {
                foreach (var dependency in found.Dependencies)
                {
                    pending.Push(dependency);
                }
            }
        }

        return needed;
    }

    /// <summary>Each application of a plugins folder (<c>name-version/ebin/name.app</c>) with what its resource file says it depends on.</summary>
    internal static IReadOnlyDictionary<string, InstalledApplication> ApplicationsIn(string pluginsDirectory)
    {
        Dictionary<string, InstalledApplication> applications = new(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(pluginsDirectory))
        {
            var folder = Path.GetFileName(directory);
            var dash = folder.LastIndexOf('-');
            var name = dash > 0 ? folder[..dash] : folder;
            var resourceFile = Path.Combine(directory, "ebin", $"{name}.app");
            if (File.Exists(resourceFile))
            {
                applications[name] = new InstalledApplication(directory, DependenciesIn(File.ReadAllText(resourceFile)));
            }
        }

        return applications;
    }

    /// <summary>The <c>applications</c> and <c>included_applications</c> lists of an Erlang application resource file.</summary>
    internal static IReadOnlyList<string> DependenciesIn(string resourceFile) =>
        DependencyList().Matches(resourceFile)
            .SelectMany(match => match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(atom => atom.Trim('\''))
            .ToList();

    private static string ResolveLinks(string path) =>
        File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    [GeneratedRegex(@"\{\s*(?:included_)?applications\s*,\s*\[(?<names>[^\]]*)\]")]
    private static partial Regex DependencyList();

    internal sealed record InstalledApplication(string Directory, IReadOnlyList<string> Dependencies);
}

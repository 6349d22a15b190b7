using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// A service of the platform, run as its own <c>dotnet</c> process with Aspire's environment conventions,
/// and healthy once its <c>/health</c> answers 200.
/// </summary>
public sealed class ProjectResource(string name, string assemblyName) : PlatformResource(name), IResourceWithEndpoint
{
    private readonly List<Func<IEnumerable<KeyValuePair<string, string>>>> _environment = [];
    private ChildProcess? _process;
    private Uri? _endpoint;

    /// <summary>A fixed port (the gateway's public one); null picks a free port.</summary>
    public int? FixedPort { get; set; }

    public string? FixedPortOption { get; set; }

    public Uri HttpEndpoint => _endpoint ?? throw new InvalidOperationException($"{Name} has not started.");

    /// <summary>The last lines the process printed (for a test that needs to say why it gave up).</summary>
    public string RecentOutput => _process?.RecentOutput ?? "";

    public void AddEnvironment(Func<IEnumerable<KeyValuePair<string, string>>> contributor) => _environment.Add(contributor);

    public override async Task StartAsync(PlatformContext context, CancellationToken cancellationToken)
    {
        var entryAssembly = EntryAssemblyPath(assemblyName, context.Options.ServicesDirectory);
        if (FixedPort is { } fixedPort)
        {
            Ports.EnsureFree(fixedPort, Name, FixedPortOption ?? "--port");
        }

        var port = FixedPort ?? Ports.GetFree();
        _endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

        Dictionary<string, string> environment = new()
        {
            ["ASPNETCORE_URLS"] = _endpoint.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = Name,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss ",
        };
        var otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        foreach (var (key, value) in _environment.SelectMany(contributor => contributor()))
        {
            environment[key] = value;
        }

        var pidFile = Path.Combine(context.StateDirectoryFor("processes"), $"{Name}.pid");
        await ChildProcess.StopLeftoverAsync(pidFile, ChildProcess.SigTerm, context.Log, Name);
        _process = ChildProcess.Start(Name, "dotnet", [entryAssembly], environment, Path.GetDirectoryName(entryAssembly)!, context.Log, pidFile);
        await WaitUntilHealthyAsync(_process, cancellationToken);
    }

    public override async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(ChildProcess.SigTerm, TimeSpan.FromSeconds(20));
            _process = null;
        }
    }

    public override string Describe() => _endpoint?.ToString().TrimEnd('/') ?? "(not started)";

    private async Task WaitUntilHealthyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = HttpEndpoint, Timeout = TimeSpan.FromSeconds(5) };
        var elapsed = Stopwatch.StartNew();
        string lastStatus = "no answer";
        while (elapsed.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new PlatformStartException($"{Name} exited while starting. Its last lines:{Environment.NewLine}{process.RecentOutput}");
            }

            try
            {
                using var response = await client.GetAsync("health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastStatus = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (HttpRequestException exception)
            {
                lastStatus = exception.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                lastStatus = "timed out";
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new PlatformStartException($"{Name} did not become healthy in 90 s (last /health: {lastStatus}). Its last lines:{Environment.NewLine}{process.RecentOutput}");
    }

    /// <summary>
    /// The published service when a services directory is given; otherwise where the build put the service's entry
    /// assembly (recorded into AppHost by its project file).
    /// </summary>
    private static string EntryAssemblyPath(string assemblyName, string? servicesDirectory)
    {
        if (servicesDirectory is not null)
        {
            var published = Path.Combine(servicesDirectory, assemblyName, $"{assemblyName}.dll");
            return File.Exists(published)
                ? published
                : throw new PlatformStartException($"{assemblyName} is not published in {servicesDirectory} ({published} is missing): run bash scripts/publish-services.sh {servicesDirectory}.");
        }

        var path = typeof(ProjectResource).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == $"PlatformProject:{assemblyName}")?.Value
            ?? throw new PlatformStartException($"AppHost does not know the project {assemblyName}; add it as a PlatformProject reference in AppHost.csproj.");
        return File.Exists(path)
            ? path
            : throw new PlatformStartException($"{assemblyName} is not built ({path} is missing): run dotnet build IncidentPlatform.sln.");
    }
}

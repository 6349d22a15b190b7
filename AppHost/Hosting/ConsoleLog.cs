namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// The console, shared by AppHost and its resources: each line prefixed with the resource's name. With a log file,
/// every line also goes there, the resources' lines included when the console hides them (<c>--quiet</c>).
/// </summary>
public sealed class ConsoleLog(bool echoResourceLogs, string? logFile = null) : IDisposable
{
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[35m", "\u001b[33m", "\u001b[32m", "\u001b[34m", "\u001b[96m", "\u001b[95m", "\u001b[93m"];
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colorByResource = [];
    private readonly bool _useColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    // Flushed per line: the file is read when something went wrong, often while the platform still runs.
    private StreamWriter? _file = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };

    public bool EchoResourceLogs { get; } = echoResourceLogs;

    /// <summary>A line from AppHost itself.</summary>
    public void Info(string message) => Write("apphost", message, force: true);

    /// <summary>A line a resource printed.</summary>
    public void Resource(string resource, string line) => Write(resource, line, force: false);

    /// <summary>Text printed exactly as given (the resource table, the token).</summary>
    public void Raw(string text)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(text);
            _file?.WriteLine(text);
        }
    }

    private void Write(string resource, string message, bool force)
    {
        if (!force && !EchoResourceLogs)
        {
            lock (_gate)
            {
                _file?.WriteLine($"[{resource}] {message}");
            }

            return;
        }

        lock (_gate)
        {
            _file?.WriteLine($"[{resource}] {message}");
            if (_useColor)
            {
                if (!_colorByResource.TryGetValue(resource, out var color))
                {
                    color = Colors[_colorByResource.Count % Colors.Length];
                    _colorByResource[resource] = color;
                }

                Console.Out.WriteLine($"{color}[{resource}]\u001b[0m {message}");
            }
            else
            {
                Console.Out.WriteLine($"[{resource}] {message}");
            }
        }
    }

    /// <summary>Closes the log file; lines that still arrive (a resource's last words) go to the console only.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}

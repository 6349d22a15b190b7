using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace IncidentPlatform.AppHost.Hosting;

/// <summary>
/// A process AppHost started: its output goes to the console with the resource's name in front, its last
/// lines are kept for error messages, and a pid file lets the next run stop it if AppHost itself was killed.
/// </summary>
public sealed partial class ChildProcess
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int RecentLineCount = 40;
    private readonly Process _process;
    private readonly Queue<string> _recent = new();
    private readonly string? _pidFile;
    private readonly string _resource;

    private ChildProcess(Process process, string resource, string? pidFile)
    {
        _process = process;
        _resource = resource;
        _pidFile = pidFile;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task Exited => _process.WaitForExitAsync();

    public string RecentOutput
    {
        get
        {
            lock (_recent)
            {
                return string.Join(Environment.NewLine, _recent);
            }
        }
    }

    public static ChildProcess Start(
        string resource,
        string fileName,
        IEnumerable<string> arguments,
        IEnumerable<KeyValuePair<string, string>> environment,
        string workingDirectory,
        ConsoleLog log,
        string? pidFile)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process, resource, pidFile);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, log);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, log);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new PlatformStartException($"Could not start {resource} ({fileName}): {exception.Message}.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (pidFile is not null)
        {
            File.WriteAllText(pidFile, $"{process.Id} {StartTimeOf(process.Id)}");
        }

        return child;
    }

    /// <summary>Asks the process to stop with <paramref name="signal"/>, then kills it if it has not after <paramref name="grace"/>.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, signal);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        if (_pidFile is not null)
        {
            File.Delete(_pidFile);
        }
    }

    /// <summary>Stops a process a previous run left behind (AppHost was killed), if its pid file still names a live one.</summary>
    public static async Task StopLeftoverAsync(string pidFile, int signal, ConsoleLog log, string resource)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }

        var parts = (await File.ReadAllTextAsync(pidFile)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        File.Delete(pidFile);
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) || StartTimeOf(pid) != parts[1])
        {
            return;
        }

        log.Info($"Stopping {resource} left running by a previous run (pid {pid}).");
        _ = Kill(pid, signal);
        for (var waited = 0; waited < 150 && StartTimeOf(pid) == parts[1]; waited++)
        {
            await Task.Delay(100);
        }

        if (StartTimeOf(pid) == parts[1])
        {
            _ = Kill(pid, SigKill);
        }
    }

    private void OnLine(string? line, ConsoleLog log)
    {
        if (line is null)
        {
            return;
        }

        lock (_recent)
        {
            _recent.Enqueue(line);
            if (_recent.Count > RecentLineCount)
            {
                _recent.Dequeue();
            }
        }

        log.Resource(_resource, line);
    }

    // A pid alone can be reused; the start time (field 22 of /proc/<pid>/stat) makes it unique.
    private static string StartTimeOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return afterName[19];
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

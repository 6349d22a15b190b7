using System.Diagnostics;
using System.Globalization;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// Sends POSIX signals through kill(1). Process.Kill sends SIGKILL, which AppHost cannot handle: its
/// PostgreSQL, RabbitMQ and services would be left running. SIGTERM lets it stop them first.
/// </summary>
public static class Signals
{
    public const string Terminate = "TERM";

    /// <summary>Only for cleaning up what a SIGTERM did not stop (reported as left behind).</summary>
    public const string Kill = "KILL";

    public static async Task SendAsync(int pid, string signal)
    {
        var startInfo = new ProcessStartInfo("kill")
        {
            ArgumentList = { $"-{signal}", pid.ToString(CultureInfo.InvariantCulture) },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var kill = Process.Start(startInfo) ?? throw new BenchmarkFailedException("Could not run kill(1).");
        // A process that exited meanwhile makes kill fail; that is what we wanted anyway.
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
    }
}

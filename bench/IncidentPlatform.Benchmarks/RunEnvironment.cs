using System.Diagnostics;
using System.Runtime.InteropServices;

namespace IncidentPlatform.Benchmarks;

/// <summary>What the numbers were measured on, so two result files can be compared fairly.</summary>
public sealed record RunEnvironment(DateTimeOffset MeasuredAt, string Commit, int Cores, string OperatingSystem, string Runtime)
{
    public static RunEnvironment Describe() => new(
        DateTimeOffset.UtcNow,
        DescribeCommit(),
        System.Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription);

    private static string DescribeCommit()
    {
        var head = Git("rev-parse", "--short", "HEAD");
        if (string.IsNullOrEmpty(head))
        {
            return "unknown";
        }

        return string.IsNullOrEmpty(Git("status", "--porcelain")) ? head : $"{head} with uncommitted changes";
    }

    private static string Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = BenchmarkOptions.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            using var git = Process.Start(startInfo);
            if (git is null)
            {
                return "";
            }

            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Trim() : "";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }
}

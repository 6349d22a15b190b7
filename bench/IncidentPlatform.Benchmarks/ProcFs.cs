using System.Globalization;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// A process as /proc/&lt;pid&gt;/stat shows it, with the CPU time it had used (user and system) when read. Pid and start
/// time together name it uniquely (pids are reused).
/// </summary>
public sealed record ProcessEntry(int Pid, int ParentPid, string StartTime, string Name, char State, TimeSpan CpuTime)
{
    public bool IsSameProcessAs(ProcessEntry other) => Pid == other.Pid && StartTime == other.StartTime;
}

/// <summary>What Linux's /proc tells about processes: who started whom, command lines and memory.</summary>
public static class ProcFs
{
    /// <summary>Every process now, as a tree.</summary>
    public static ProcessTree Snapshot()
    {
        List<ProcessEntry> entries = [];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return new ProcessTree(entries);
    }

    public static ProcessEntry? Read(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // The name sits in parentheses and may itself contain spaces or parentheses: split after the last ')'.
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        var cpuTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessEntry(pid, int.Parse(fields[1], CultureInfo.InvariantCulture), fields[19], stat[(open + 1)..close], fields[0][0], Ticks(cpuTicks));
    }

    /// <summary>Still running (not exited, not a zombie waiting to be reaped) and not replaced by another process under the same pid.</summary>
    public static bool IsRunning(ProcessEntry process) =>
        Read(process.Pid) is { State: not 'Z' and not 'X' } now && now.IsSameProcessAs(process);

    /// <summary>CPU time every core of the machine has spent busy (user, nice, system, irq, softirq of /proc/stat's first line).</summary>
    public static TimeSpan MachineBusyTime()
    {
        var cpu = (ReadOrNull("/proc/stat") ?? "").Split('\n')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Ticks(new[] { 1, 2, 3, 6, 7 }.Sum(field => long.Parse(cpu[field], CultureInfo.InvariantCulture)));
    }

    // /proc counts CPU time in USER_HZ ticks, which Linux fixes at 100 per second for user space.
    private static TimeSpan Ticks(long ticks) => TimeSpan.FromMilliseconds(ticks * 10);

    public static string CommandLine(int pid) => (ReadOrNull($"/proc/{pid}/cmdline") ?? "").Replace('\0', ' ').Trim();

    /// <summary>Resident set size (VmRSS), in kB.</summary>
    public static long? ResidentKb(int pid) => FieldKb($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Proportional set size: shared pages divided among the processes sharing them (needs root for others' processes).</summary>
    public static long? ProportionalKb(int pid) => FieldKb($"/proc/{pid}/smaps_rollup", "Pss:");

    private static long? FieldKb(string path, string field)
    {
        var line = ReadOrNull(path)?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        var number = line?[field.Length..].Trim().Split(' ')[0];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Processes by parent, to walk from AppHost down to everything it started.</summary>
public sealed class ProcessTree(IReadOnlyList<ProcessEntry> entries)
{
    private readonly ILookup<int, ProcessEntry> _byParent = entries.ToLookup(entry => entry.ParentPid);

    public IEnumerable<ProcessEntry> ChildrenOf(int pid) => _byParent[pid];

    public IReadOnlyList<ProcessEntry> DescendantsOf(int pid)
    {
        List<ProcessEntry> descendants = [];
        var parents = new Queue<int>([pid]);
        while (parents.TryDequeue(out var parent))
        {
            foreach (var child in _byParent[parent])
            {
                descendants.Add(child);
                parents.Enqueue(child.Pid);
            }
        }

        return descendants;
    }
}

using System.Globalization;

namespace IncidentPlatform.Benchmarks;

/// <summary>CPU time used so far by each component of a started platform, by this benchmark's own process, and by the machine.</summary>
public sealed record CpuSample(IReadOnlyDictionary<string, TimeSpan> ByComponent, TimeSpan Benchmark, TimeSpan Machine)
{
    /// <summary>
    /// Every process under AppHost, by component, read now. A process that exits meanwhile takes its time with it (the
    /// services and PostgreSQL's pooled backends live through a case, so a difference of two samples holds).
    /// </summary>
    public static CpuSample Take(AppHostProcess platform)
    {
        var tree = ProcFs.Snapshot();
        var byComponent = new Dictionary<string, TimeSpan> { [PlatformComponents.AppHost] = CpuTimeOf(platform.Id) };
        foreach (var child in tree.ChildrenOf(platform.Id))
        {
            var time = tree.DescendantsOf(child.Pid).Aggregate(child.CpuTime, (sum, process) => sum + process.CpuTime);
            var component = PlatformComponents.Of(child);
            byComponent[component] = byComponent.GetValueOrDefault(component) + time;
        }

        return new CpuSample(byComponent, CpuTimeOf(Environment.ProcessId), ProcFs.MachineBusyTime());
    }

    private static TimeSpan CpuTimeOf(int pid) => ProcFs.Read(pid)?.CpuTime ?? TimeSpan.Zero;

    /// <summary>
    /// CPU per unit of work between two samples: "machine 4.2 ms per delivery: notifications-api 1.1, postgres 1.4, …;
    /// the benchmark's own process 0.5".
    /// </summary>
    public static string PerUnit(CpuSample before, CpuSample after, int units, string unit)
    {
        string Ms(TimeSpan used) => (used.TotalMilliseconds / units).ToString("0.00", CultureInfo.InvariantCulture);
        var components = after.ByComponent
            .Select(c => (Name: c.Key, Used: c.Value - before.ByComponent.GetValueOrDefault(c.Key)))
            .Where(c => c.Used > TimeSpan.Zero)
            .OrderBy(c => PlatformComponents.OrderOf(c.Name))
            .Select(c => $"{c.Name} {Ms(c.Used)}");
        return $"machine {Ms(after.Machine - before.Machine)} ms per {unit}: {string.Join(", ", components)}; the benchmark's own process {Ms(after.Benchmark - before.Benchmark)}";
    }
}

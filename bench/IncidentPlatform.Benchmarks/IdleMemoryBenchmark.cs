using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>One process's memory: VmRSS, and PSS where /proc lets us read it (shared pages counted once across processes).</summary>
public sealed record ProcessMemory(int Pid, string Name, long ResidentKb, long? ProportionalKb);

/// <summary>A part of the platform and the processes it runs as.</summary>
public sealed record ComponentMemory(string Component, IReadOnlyList<ProcessMemory> Processes)
{
    public long ResidentKb => Processes.Sum(process => process.ResidentKb);

    public long? ProportionalKb => Processes.All(process => process.ProportionalKb is not null)
        ? Processes.Sum(process => process.ProportionalKb!.Value)
        : null;
}

/// <summary>
/// Memory of every process of a started platform after it has been idle a while: AppHost, each service
/// and the gateway, PostgreSQL (postmaster and its backends) and RabbitMQ (beam.smp, epmd and helpers).
/// Each process AppHost started heads a component; the processes it started in turn belong to it.
/// </summary>
public static class IdleMemoryBenchmark
{
    public static async Task<IReadOnlyList<ComponentMemory>> MeasureAsync(AppHostProcess platform, TimeSpan idle, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine($"Idle memory: waiting {idle.TotalSeconds:0} s, then reading VmRSS of every platform process…");
        await Task.Delay(idle, cancellationToken);

        var tree = ProcFs.Snapshot();
        Dictionary<string, List<ProcessMemory>> byComponent = new() { [PlatformComponents.AppHost] = [Read(platform.Id, "dotnet (AppHost)")] };
        foreach (var child in tree.ChildrenOf(platform.Id))
        {
            var component = PlatformComponents.Of(child);
            if (!byComponent.TryGetValue(component, out var processes))
            {
                byComponent[component] = processes = [];
            }

            processes.Add(Read(child.Pid, child.Name));
            processes.AddRange(tree.DescendantsOf(child.Pid).Select(process => Read(process.Pid, process.Name)));
        }

        var missing = PlatformComponents.ReportOrder.Where(component => !byComponent.ContainsKey(component)).ToList();
        if (missing.Count > 0)
        {
            throw new BenchmarkFailedException($"No process found for {string.Join(", ", missing)} under AppHost (pid {platform.Id}).");
        }

        return byComponent
            .OrderBy(component => PlatformComponents.OrderOf(component.Key))
            .Select(component => new ComponentMemory(component.Key, component.Value))
            .ToList();
    }

    private static ProcessMemory Read(int pid, string name) =>
        new(pid, name, ProcFs.ResidentKb(pid) ?? 0, ProcFs.ProportionalKb(pid));
}

using IncidentPlatform.Contracts;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// The parts of a started platform, by the processes AppHost started: each heads a component, and the processes it
/// started in turn belong to it (PostgreSQL's backends, RabbitMQ's helpers).
/// </summary>
public static class PlatformComponents
{
    public const string AppHost = "apphost";

    private static readonly Dictionary<string, string> ServiceByAssembly = new()
    {
        ["Incidents.Api"] = ResourceNames.IncidentsApi,
        ["Reviews.Api"] = ResourceNames.ReviewsApi,
        ["Actions.Api"] = ResourceNames.ActionsApi,
        ["Notifications.Api"] = ResourceNames.NotificationsApi,
        ["Gateway"] = ResourceNames.Gateway,
    };

    public static readonly string[] ReportOrder =
    [
        AppHost, ResourceNames.IncidentsApi, ResourceNames.ReviewsApi, ResourceNames.ActionsApi,
        ResourceNames.NotificationsApi, ResourceNames.Gateway, ResourceNames.Postgres, ResourceNames.Messaging,
    ];

    /// <summary>Where a component goes in a report: the known ones in <see cref="ReportOrder"/>, any other after them.</summary>
    public static int OrderOf(string component) => Array.IndexOf(ReportOrder, component) is var index and >= 0 ? index : int.MaxValue;

    /// <summary>The component a process AppHost started belongs to (a service by its assembly, PostgreSQL, RabbitMQ…).</summary>
    public static string Of(ProcessEntry child)
    {
        switch (child.Name)
        {
            case "dotnet":
                // dotnet /…/bin/Release/net10.0/Incidents.Api.dll
                var assembly = ProcFs.CommandLine(child.Pid).Split(' ')
                    .Select(Path.GetFileName)
                    .FirstOrDefault(file => file?.EndsWith(".dll", StringComparison.Ordinal) == true);
                var name = Path.GetFileNameWithoutExtension(assembly) ?? "dotnet";
                return ServiceByAssembly.GetValueOrDefault(name, name);
            // As root PostgreSQL starts through setpriv, which execs in place: the process is postgres itself.
            case "postgres" or "setpriv":
                return ResourceNames.Postgres;
            // rabbitmq-server is a shell script that runs beam.smp; AppHost runs a private epmd beside it.
            case "rabbitmq-server" or "beam.smp" or "erl" or "epmd":
                return ResourceNames.Messaging;
            default:
                return child.Name;
        }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>Names of the activity sources and meters the platform's own code and MassTransit emit.</summary>
public static class PlatformTelemetry
{
    public const string ActivitySourceName = "IncidentPlatform";

    /// <summary>MassTransit 8 publishes its activities and metrics under this name.</summary>
    public const string MassTransitSourceName = "MassTransit";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    public static readonly Meter Meter = new(ActivitySourceName);
}

namespace IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;

/// <summary>
/// Settings of partner AMQP access (<c>PartnerAmqp:*</c>). The broker's management API comes from service discovery
/// (<c>services:messaging:management:0</c>, as AppHost passes it) unless <see cref="ManagementUrl"/> is set; without
/// either, partner AMQP is off and its credential endpoints answer 503.
/// </summary>
public sealed class PartnerAmqpOptions
{
    public const string SectionName = "PartnerAmqp";

    /// <summary>
    /// The virtual host partners log in to, apart from the platform's own: partners never see the platform's queues,
    /// and a partner's queues can be limited there without touching the platform's.
    /// </summary>
    public string VirtualHost { get; set; } = "partners";

    /// <summary>The management API, e.g. <c>http://rabbitmq:15672/</c>; its user is the platform's AMQP user (an administrator).</summary>
    public Uri? ManagementUrl { get; set; }

    /// <summary>The host partners connect to, when it is not the one the platform uses (a public name, a load balancer).</summary>
    public string? PublicHost { get; set; }

    public int? PublicPort { get; set; }

    /// <summary>Whether partners connect with TLS (amqps); by default as the platform does.</summary>
    public bool? PublicTls { get; set; }

    /// <summary>The management API: <c>PartnerAmqp:ManagementUrl</c>, else the broker's discovered management endpoint; null when neither is set.</summary>
    public static Uri? ManagementUrlFrom(IConfiguration configuration)
    {
        var url = configuration[$"{SectionName}:{nameof(ManagementUrl)}"] is { Length: > 0 } configured
            ? configured
            : configuration[$"services:{Contracts.ResourceNames.Messaging}:management:0"];
        return string.IsNullOrWhiteSpace(url) ? null : new Uri(url.TrimEnd('/') + "/");
    }
}

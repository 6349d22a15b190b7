using MailKit.Security;

namespace IncidentPlatform.Notifications.Infrastructure.People;

/// <summary>Settings of notifications to people (<c>PeopleNotifications:*</c>).</summary>
public sealed class PeopleNotificationOptions
{
    public const string SectionName = "PeopleNotifications";

    /// <summary>Where links in emails and chat messages point, e.g. <c>https://incidents.example.com</c>; null: paths only.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it (quiet hours ending, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the digest sweep runs: a digest goes out within this much of its time.</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one email or chat message may take to send.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>The SMTP relay emails go through (<c>PeopleNotifications:Smtp:*</c>); without a host, email is off.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (port 587), <c>SslOnConnect</c> (465), <c>StartTlsWhenAvailable</c>, or <c>None</c> for a local relay.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>IncidentPlatform &lt;notifications@example.com&gt;</c>.</summary>
    public string From { get; set; } = "IncidentPlatform <notifications@incidentplatform.local>";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

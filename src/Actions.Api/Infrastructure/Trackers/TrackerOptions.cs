namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>Settings of tracker sync (<c>Trackers:*</c>).</summary>
public sealed class TrackerOptions
{
    public const string SectionName = "Trackers";

    /// <summary>Base URLs allowed besides the trackers' own services: a GitHub Enterprise or Jira Data Center server, or test servers.</summary>
    public List<string> AllowedBaseUrls { get; set; } = [];

    /// <summary>Where the platform is reached: links to action items in issues, and the webhook URL trackers post to.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>A path of this service as the trackers reach it: absolute under <see cref="PublicBaseUrl"/> when set.</summary>
    public string PublicUrl(string path) => PublicBaseUrl is { } publicUrl ? new Uri(publicUrl, path).ToString() : path;

    /// <summary>How often a linked issue is read when no webhook came (the fallback for a missed or unset webhook).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the worker looks for due work when nothing wakes it.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one call to a tracker may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

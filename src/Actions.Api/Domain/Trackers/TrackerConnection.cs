using System.Security.Cryptography;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Actions.Domain.Trackers;

public enum TrackerKind
{
    GitHub,
    Jira,
    Linear,
}

/// <summary>
/// An org's account on an issue tracker: where its issues go (a GitHub repository, a Jira project, a Linear team) and
/// the credential to use, kept encrypted and never shown. Trackers post changes back to a webhook URL of the
/// connection, signed with a secret the platform generates (shown once) and the org enters in the tracker.
/// </summary>
public sealed class TrackerConnection : IOrgOwned
{
    public const int MaxProjectLength = 200;

    public const int MaxTokenLength = 1000;

    private TrackerConnection()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public TrackerKind Kind { get; private set; }

    /// <summary>The API's base URL: <c>https://api.github.com</c>, <c>https://acme.atlassian.net</c>, <c>https://api.linear.app</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>GitHub <c>owner/repo</c>, a Jira project key (<c>OPS</c>), or a Linear team id.</summary>
    public string Project { get; private set; } = "";

    /// <summary>Jira's account email (its API token authenticates with it); null for the others.</summary>
    public string? UserName { get; private set; }

    public string ProtectedToken { get; private set; } = "";

    public string ProtectedWebhookSecret { get; private set; } = "";

    /// <summary>Every new action item of the org gets an issue in this tracker.</summary>
    public bool AutoCreate { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public string TokenPurpose => $"tracker-token:{OrgId}:{Id}";

    public string WebhookSecretPurpose => $"tracker-webhook-secret:{OrgId}:{Id}";

    public static string DefaultBaseUrl(TrackerKind kind) => kind switch
    {
        TrackerKind.GitHub => "https://api.github.com",
        TrackerKind.Linear => "https://api.linear.app",
        _ => "",
    };

    /// <summary>A new connection with a new webhook secret, returned once to show once.</summary>
    public static (TrackerConnection Connection, string WebhookSecret) Create(
        Guid orgId, TrackerKind kind, TrackerSettings settings, string token, DateTimeOffset now, Func<string, string, string> protect)
    {
        var connection = new TrackerConnection { Id = Guid.CreateVersion7(now), OrgId = orgId, Kind = kind, CreatedAt = now };
        connection.Apply(settings, token, now, protect);
        return (connection, connection.ReplaceWebhookSecret(now, protect));
    }

    /// <summary>New settings; a null token keeps the stored one.</summary>
    public void Apply(TrackerSettings settings, string? token, DateTimeOffset now, Func<string, string, string> protect)
    {
        BaseUrl = settings.BaseUrl;
        Project = settings.Project;
        UserName = settings.UserName;
        AutoCreate = settings.AutoCreate;
        if (token is not null)
        {
            ProtectedToken = protect(token, TokenPurpose);
        }

        UpdatedAt = now;
        Version++;
    }

    public string ReplaceWebhookSecret(DateTimeOffset now, Func<string, string, string> protect)
    {
        var secret = "trk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        ProtectedWebhookSecret = protect(secret, WebhookSecretPurpose);
        UpdatedAt = now;
        Version++;
        return secret;
    }
}

/// <summary>Validated connection settings.</summary>
public sealed record TrackerSettings(string BaseUrl, string Project, string? UserName, bool AutoCreate)
{
    /// <summary>
    /// The settings, or 400 naming each wrong field. The base URL must be the tracker's own service (or a host operators
    /// allowed for a self-hosted one): a tenant cannot point the platform at an address of its own choosing.
    /// </summary>
    public static TrackerSettings Validate(TrackerKind kind, string? baseUrl, string? project, string? userName, bool autoCreate, bool hasToken, TrackerHosts hosts)
    {
        var errors = new Dictionary<string, string[]>();
        var url = TextValues.TrimToNull(baseUrl)?.TrimEnd('/') ?? TrackerConnection.DefaultBaseUrl(kind);
        if (url.Length == 0)
        {
            errors["baseUrl"] = ["Give your Jira site, e.g. https://acme.atlassian.net."];
        }
        else if (hosts.Refusal(kind, url) is { } refusal)
        {
            errors["baseUrl"] = [refusal];
        }

        var name = TextValues.TrimToNull(project);
        var projectError = (kind, name) switch
        {
            (_, null) => "Give the project: a GitHub owner/repo, a Jira project key or a Linear team id.",
            (_, { Length: > TrackerConnection.MaxProjectLength }) => $"At most {TrackerConnection.MaxProjectLength} characters.",
            (TrackerKind.GitHub, _) when name.Split('/') is not [{ Length: > 0 }, { Length: > 0 }] => "Give the repository as owner/repo.",
            (TrackerKind.Jira, _) when !name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') => "Give the Jira project key, e.g. OPS.",
            _ => null,
        };
        if (projectError is not null)
        {
            errors["project"] = [projectError];
        }

        var user = TextValues.TrimToNull(userName);
        if (kind == TrackerKind.Jira && user is null)
        {
            errors["userName"] = ["Jira API tokens authenticate with the account's email: give it."];
        }

        if (!hasToken)
        {
            errors["token"] = [kind switch
            {
                TrackerKind.GitHub => "Give a token that may write issues of the repository (fine-grained: Issues read and write).",
                TrackerKind.Jira => "Give an API token of the account (id.atlassian.com → Security → API tokens).",
                _ => "Give a Linear API key (Settings → API).",
            }];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        return new TrackerSettings(url, name!, kind == TrackerKind.Jira ? user : null, autoCreate);
    }
}

/// <summary>Where trackers may be reached: their public services, plus hosts an operator allows (self-hosted, tests).</summary>
public sealed record TrackerHosts(IReadOnlyList<string> AllowedBaseUrls)
{
    public string? Refusal(TrackerKind kind, string url)
    {
        if (AllowedBaseUrls.Any(allowed => string.Equals(allowed.TrimEnd('/'), url, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || !uri.IsDefaultPort)
        {
            return "Give the https address of the tracker's service, without path, port or credentials.";
        }

        var official = kind switch
        {
            TrackerKind.GitHub => uri.Host == "api.github.com",
            TrackerKind.Jira => uri.Host.EndsWith(".atlassian.net", StringComparison.OrdinalIgnoreCase) && uri.Host.Count(c => c == '.') == 2,
            _ => uri.Host == "api.linear.app",
        };
        return official ? null : kind switch
        {
            TrackerKind.GitHub => "GitHub is reached at https://api.github.com; a GitHub Enterprise server must be allowed by the platform's operators.",
            TrackerKind.Jira => "Jira Cloud sites are https://<site>.atlassian.net; a Jira Data Center server must be allowed by the platform's operators.",
            _ => "Linear is reached at https://api.linear.app.",
        };
    }
}

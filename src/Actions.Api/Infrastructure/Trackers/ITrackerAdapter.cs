using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Trackers;

namespace IncidentPlatform.Actions.Infrastructure.Trackers;

/// <summary>A connection's settings with its decrypted credential, for one call.</summary>
public sealed record TrackerAccount(TrackerKind Kind, string BaseUrl, string Project, string? UserName, string Token);

/// <summary>What a tracker's webhook says: which issue changed (the sync then reads it), or nothing of interest.</summary>
public sealed record TrackerWebhook(string? ExternalId);

/// <summary>
/// One issue tracker behind the same four operations. Adapters speak the tracker's documented REST or GraphQL API and
/// map its states to <see cref="ExternalState"/>; a tracker error is a <see cref="TrackerException"/> (retried later).
/// </summary>
public interface ITrackerAdapter
{
    TrackerKind Kind { get; }

    Task<ExternalIssue> CreateAsync(TrackerAccount account, ActionItem item, string itemUrl, CancellationToken cancellationToken);

    Task<ExternalIssue> GetAsync(TrackerAccount account, string externalId, CancellationToken cancellationToken);

    /// <summary>
    /// The issue an earlier create made for the item, found by the marker it carries (a label or a line of its body);
    /// null when there is none. Asked before a create is retried, so a create whose answer was lost makes no second issue.
    /// </summary>
    Task<ExternalIssue?> FindAsync(TrackerAccount account, Guid actionItemId, CancellationToken cancellationToken);

    Task<ExternalIssue> SetStateAsync(TrackerAccount account, string externalId, ExternalState state, CancellationToken cancellationToken);

    /// <summary>Checks the webhook's signature with the connection's secret (false: not from the tracker) and reads which issue it is about.</summary>
    bool TryReadWebhook(IReadOnlyDictionary<string, string> headers, byte[] body, string secret, out TrackerWebhook webhook);
}

/// <summary>The tracker refused or failed a call (its answer is in the message), or could not be reached.</summary>
public sealed class TrackerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>HTTP plumbing the adapters share: one client without in-process retries (the sync worker retries), JSON in and out.</summary>
public sealed class TrackerHttp(HttpClient client)
{
    public async Task<JsonNode> SendAsync(HttpMethod method, string url, AuthenticationHeaderValue authorization, JsonNode? body, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("IncidentPlatform", "1.0"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TrackerException($"{method} {new Uri(url).GetLeftPart(UriPartial.Path)} did not answer: {exception.Message}", exception);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new TrackerException($"{method} {new Uri(url).AbsolutePath} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            }

            try
            {
                return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException exception)
            {
                throw new TrackerException($"{method} {new Uri(url).AbsolutePath} answered something that is not JSON.", exception);
            }
        }
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static AuthenticationHeaderValue Basic(string user, string token) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{token}")));

    /// <summary>Whether <paramref name="signature"/> (hex, optionally after a prefix) is the HMAC-SHA256 of the body with the secret, compared in constant time.</summary>
    public static bool HasValidSignature(string? signature, string prefix, byte[] body, string secret)
    {
        if (signature is null || !signature.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(signature[prefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>The marker line an item's issue carries, to find it by.</summary>
    public static string MarkerOf(Guid actionItemId) => $"incidentplatform:action-item:{actionItemId}";

    /// <summary>What an issue created for an action item says, with a marker that names the item (to find duplicates by).</summary>
    public static string IssueBody(ActionItem item, string itemUrl) =>
        $"""
        Action item from the post-incident review of {item.IncidentReference} ({item.Priority}, {item.Type.ToString().ToLowerInvariant()}, due {item.DueDate:yyyy-MM-dd}).

        {item.Description ?? ""}

        Definition of done: {item.DefinitionOfDone ?? "—"}
        Expected outcome: {item.ExpectedOutcome ?? "—"}
        Owner: {item.Owner.DisplayName}

        Closing this issue marks the action item done (its link is the evidence); IncidentPlatform: {itemUrl}
        <!-- {MarkerOf(item.Id)} -->
        """;
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;

/// <summary>The broker could not be asked to create, change or remove a partner's user (503 for the caller).</summary>
public sealed class BrokerManagementException(string message) : DependencyUnavailableException(message);

/// <summary>
/// The few calls of RabbitMQ's management HTTP API that partner access needs: the partner virtual host, and users
/// with their permissions. Every call is idempotent (PUT, or a DELETE of what may already be gone), so retrying one
/// is always safe.
/// </summary>
public sealed class RabbitMqManagementClient(HttpClient http)
{
    public async Task EnsureVirtualHostAsync(string virtualHost, string platformUser, CancellationToken cancellationToken)
    {
        await SendAsync(HttpMethod.Put, $"api/vhosts/{Escape(virtualHost)}", new { description = "IncidentPlatform partner events" }, cancellationToken);
        await SendAsync(HttpMethod.Put, $"api/permissions/{Escape(virtualHost)}/{Escape(platformUser)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken);
    }

    /// <summary>Creates the user or replaces its password, then sets its permissions and topic permissions.</summary>
    public async Task PutUserAsync(string virtualHost, string userName, string password, BrokerPermissions permissions, CancellationToken cancellationToken)
    {
        // No tags: the user can use AMQP only, not the management UI or API.
        await SendAsync(HttpMethod.Put, $"api/users/{Escape(userName)}", new { password, tags = "" }, cancellationToken);
        await SendAsync(HttpMethod.Put, $"api/permissions/{Escape(virtualHost)}/{Escape(userName)}",
            new { configure = permissions.Configure, write = permissions.Write, read = permissions.Read }, cancellationToken);
        await SendAsync(HttpMethod.Put, $"api/topic-permissions/{Escape(virtualHost)}/{Escape(userName)}",
            new { exchange = permissions.TopicExchange, write = permissions.TopicWrite, read = permissions.TopicRead }, cancellationToken);
    }

    /// <summary>Removes the user; RabbitMQ closes its open connections. A user already gone is not an error.</summary>
    public Task DeleteUserAsync(string userName, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/users/{Escape(userName)}", null, cancellationToken);

    private async Task SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new BrokerManagementException($"The broker's management API did not answer ({exception.Message}).");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode || (method == HttpMethod.Delete && response.StatusCode == HttpStatusCode.NotFound))
            {
                return;
            }

            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new BrokerManagementException(
                $"The broker's management API refused {method} {path}: {(int)response.StatusCode} {reason[..Math.Min(reason.Length, 300)]}");
        }
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>Basic authentication as the platform's own broker user.</summary>
    public static AuthenticationHeaderValue BasicAuthentication(string userName, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using IncidentPlatform.Notifications.Domain.Webhooks;
using IncidentPlatform.ServiceDefaults.Text;
using Microsoft.Extensions.Options;

namespace IncidentPlatform.Notifications.Infrastructure.Webhooks;

/// <summary>One delivery attempt as it goes out: where, signed with which secrets, and the body to send.</summary>
public sealed record WebhookMessage(Guid EndpointId, string Url, bool FollowRedirects, string WebhookId, string Body, IReadOnlyList<string> Secrets);

/// <summary>
/// Sends one attempt of a delivery: a POST of the CloudEvent with the Standard Webhooks headers, signed afresh with
/// the attempt's timestamp. It has its own HTTP client, on purpose without the platform's default resilience
/// handler: retries follow the webhook schedule, not an in-process retry, and every connection goes through the
/// <see cref="WebhookAddressGuard"/>. Whatever happens comes back as a result, never as an exception.
/// </summary>
public sealed partial class WebhookSender : IDisposable
{
    private const string UserAgent = "IncidentPlatform-Webhooks/1.0";
    private readonly HttpClient _client;
    private readonly WebhookAddressGuard _guard;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookSender> _logger;

    public WebhookSender(WebhookAddressGuard guard, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<WebhookSender> logger)
    {
        _guard = guard;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _client = new HttpClient(guard.CreateGuardedHandler())
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<WebhookAttemptResult> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var url = new Uri(message.Url);
            for (var hop = 0; ; hop++)
            {
                using var request = SignedRequest(url, message);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                var excerpt = await ReadExcerptAsync(response, timeout.Token);
                if (status is >= 300 and < 400)
                {
                    var redirect = await RedirectTargetAsync(url, response, message.FollowRedirects, hop, timeout.Token);
                    if (redirect.Refusal is not null)
                    {
                        if (redirect.Blocked)
                        {
                            LogBlocked(message.EndpointId, redirect.Refusal);
                        }

                        return Result(redirect.Blocked ? WebhookAttemptOutcome.Blocked : WebhookAttemptOutcome.Failed, status, elapsed, excerpt, redirect.Refusal);
                    }

                    url = redirect.Target!;
                    continue;
                }

                return status switch
                {
                    >= 200 and < 300 => Result(WebhookAttemptOutcome.Succeeded, status, elapsed, excerpt, null),
                    410 => Result(WebhookAttemptOutcome.Gone, status, elapsed, excerpt, "410 Gone: the endpoint asked not to be sent anything more."),
                    _ => Result(WebhookAttemptOutcome.Failed, status, elapsed, excerpt, $"The endpoint answered {status}."),
                };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(WebhookAttemptOutcome.TimedOut, null, elapsed, null,
                string.Create(CultureInfo.InvariantCulture, $"No answer within {_options.Timeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException exception) when (FindBlocked(exception) is { } blocked)
        {
            LogBlocked(message.EndpointId, blocked.Message);
            return Result(WebhookAttemptOutcome.Blocked, null, elapsed, null, $"Refused: {blocked.Message}");
        }
        catch (HttpRequestException exception)
        {
            return Result(WebhookAttemptOutcome.Failed, null, elapsed, null, Describe(exception));
        }
    }

    public void Dispose() => _client.Dispose();

    private HttpRequestMessage SignedRequest(Uri url, WebhookMessage message)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, PartnerEvent.ContentType),
        };
        request.Headers.UserAgent.Add(ProductInfoHeaderValue.Parse(UserAgent));
        request.Headers.Add(StandardWebhooks.IdHeader, message.WebhookId);
        request.Headers.Add(StandardWebhooks.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(StandardWebhooks.SignatureHeader, StandardWebhooks.SignatureHeaderValue(message.Secrets, message.WebhookId, timestamp, message.Body));
        return request;
    }

    private sealed record Redirect(Uri? Target, string? Refusal, bool Blocked = false);

    /// <summary>Where a 3xx leads, if it may be followed: redirects must be on, at most 3, keep the POST (307/308), and pass the guard.</summary>
    private async Task<Redirect> RedirectTargetAsync(Uri from, HttpResponseMessage response, bool followRedirects, int hop, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location;
        if (!followRedirects)
        {
            return new(null, $"The endpoint redirected ({status}); redirects are not followed unless the endpoint enables followRedirects.");
        }

        if (location is null)
        {
            return new(null, $"The endpoint answered {status} without a Location.");
        }

        if (status is not (307 or 308))
        {
            return new(null, $"The endpoint redirected with {status}; only 307 and 308 keep the POST and its body, so only they are followed.");
        }

        if (hop >= WebhookOptions.MaxRedirects)
        {
            return new(null, $"More than {WebhookOptions.MaxRedirects} redirects.");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (from.Scheme == "https" && target.Scheme != "https")
        {
            return new(null, "A redirect from https to http is not followed.");
        }

        return await _guard.CheckUrlAsync(target.ToString(), cancellationToken) is { } refusal
            ? new(null, $"Redirect to {target.Host} refused: {refusal}", Blocked: true)
            : new(target, null);
    }

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[WebhookAttempt.ResponseExcerptLength * 4];
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await body.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += chunk;
        }

        if (read == 0)
        {
            return null;
        }

        return TextValues.Truncate(Encoding.UTF8.GetString(buffer, 0, read), WebhookAttempt.ResponseExcerptLength);
    }

    private static WebhookAttemptResult Result(WebhookAttemptOutcome outcome, int? status, Stopwatch elapsed, string? excerpt, string? error) =>
        new(outcome, status, (int)Math.Min(elapsed.ElapsedMilliseconds, int.MaxValue), excerpt, error);

    private static WebhookDestinationBlockedException? FindBlocked(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is WebhookDestinationBlockedException blocked)
            {
                return blocked;
            }
        }

        return null;
    }

    private static string Describe(HttpRequestException exception) =>
        exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message} ({inner.Message})"
            : exception.Message;

    [LoggerMessage(LogLevel.Warning, "Webhook attempt for endpoint {EndpointId} refused by the SSRF guard: {Reason}")]
    private partial void LogBlocked(Guid endpointId, string reason);
}

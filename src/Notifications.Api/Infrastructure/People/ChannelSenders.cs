using System.Net.Http.Headers;
using System.Text;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IncidentPlatform.Notifications.Infrastructure.People;

/// <summary>Sends one message to a person by email, through the configured SMTP relay, as HTML with a plain-text alternative.</summary>
public sealed class EmailSender(IOptions<PeopleNotificationOptions> options)
{
    private readonly PeopleNotificationOptions _options = options.Value;

    public bool IsConfigured => _options.Smtp.IsConfigured;

    /// <summary>The code that proves a person reads <paramref name="to"/>; sent before anything else may go there.</summary>
    public Task SendVerificationCodeAsync(string to, string recipientName, string code, CancellationToken cancellationToken) =>
        SendAsync(to, recipientName, new ChannelMessage(
            $"Your IncidentPlatform verification code: {code}",
            $"Enter {code} in your notification preferences to receive your notifications at this address. It expires in 30 minutes.\n"
            + "If you did not ask for it, ignore this email: nothing will be sent here.", null), cancellationToken);

    public async Task SendAsync(string to, string recipientName, ChannelMessage message, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        var email = new MimeMessage { Subject = message.Title };
        email.From.Add(MailboxAddress.Parse(smtp.From));
        email.To.Add(new MailboxAddress(recipientName, to));
        email.Headers.Add("Auto-Submitted", "auto-generated");
        email.Body = new BodyBuilder { TextBody = message.EmailText(), HtmlBody = message.EmailHtml() }.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)_options.SendTimeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(email, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>
/// Posts one message to a Slack or Teams incoming webhook. The URL is the person's, so it goes through the same SSRF
/// guard as partner webhooks (checked on every connection, no redirects, no proxy).
/// </summary>
public sealed class ChatSender(WebhookAddressGuard guard, IOptions<PeopleNotificationOptions> options) : IDisposable
{
    private readonly HttpClient _client = new(guard.CreateGuardedHandler()) { Timeout = options.Value.SendTimeout };

    public async Task SendAsync(NotificationChannel channel, string webhookUrl, ChannelMessage message, CancellationToken cancellationToken)
    {
        var json = channel == NotificationChannel.Slack ? message.SlackJson() : message.TeamsJson();
        using var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await _client.PostAsync(webhookUrl, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{channel} answered {(int)response.StatusCode}: {answer[..Math.Min(answer.Length, 200)]}", null, response.StatusCode);
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.Globalization;
using System.Text.Json;
using System.Security.Claims;
using IncidentPlatform.Notifications.Domain;
using IncidentPlatform.Notifications.Domain.People;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.People;
using IncidentPlatform.Notifications.Infrastructure.Webhooks;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using IncidentPlatform.ServiceDefaults.Persistence;
using IncidentPlatform.ServiceDefaults.Secrets;
using IncidentPlatform.ServiceDefaults.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Apis;

/// <summary>The caller's own notification preferences: channels beyond the inbox, quiet hours, daily digest, muted kinds.</summary>
public static class NotificationPreferencesApi
{
    /// <summary>Slack's and Teams' incoming webhook URLs are far shorter; the limit keeps the encrypted value within its column.</summary>
    public const int MaxChatUrlLength = 1000;

    /// <summary>Test messages a person may send per hour: enough to check each channel, too few to use the platform as a relay.</summary>
    public const int MaxTestMessagesPerHour = 5;

    public static RouteGroupBuilder MapNotificationPreferencesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/notifications/preferences").WithTags("Notifications");
        api.MapGet("/", GetPreferences).WithSummary("The caller's preferences (defaults until first saved: the in-app inbox only). Chat webhook URLs are never shown.");
        api.MapPut("/", PutPreferences)
            .WithSummary("Replace the caller's preferences (If-Match: their ETag). A chat channel without webhookUrl keeps the stored URL.")
            .WithRequestExample("Email and Slack, quiet at night, a morning digest", new
            {
                timeZone = "Europe/Berlin",
                email = new { enabled = true, address = "ana@example.com" },
                slack = new { enabled = true, webhookUrl = "https://hooks.slack.com/services/T000/B000/XXXX" },
                teams = new { enabled = false },
                quietHours = new { start = "22:00", end = "07:00" },
                dailyDigest = new { enabled = true, at = "09:00" },
                mutedKinds = new[] { "reviewFollowUpDue" },
            });
        api.MapPost("/email/verification", SendVerificationCode).WithSummary("Send a new code to the email address (at most one a minute); nothing is emailed there until it is verified.");
        api.MapPost("/email/verify", VerifyEmail).WithSummary("Prove the address with the code sent there (five tries per code, 30 minutes).")
            .WithRequestExample("The code from the email", new { code = "042137" });
        api.MapPost("/test", SendTestMessage).WithSummary("Send a test message now to the inbox and every channel turned on; follow it at /api/notifications/{id}.");
        return api;
    }

    public static async Task<Ok<PreferencesResponse>> GetPreferences(
        NotificationsDbContext db, OrgContext org, ClaimsPrincipal user, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var preferences = await db.PreferencesOfAsync(user, cancellationToken)
            ?? NotificationPreferences.CreateFor(org.OrgId, user.GetPerson().UserId, clock.GetUtcNow());
        response.Headers.ETag = ETags.For(preferences.Version);
        return TypedResults.Ok(PreferencesResponse.From(preferences));
    }

    public static async Task<Ok<PreferencesResponse>> PutPreferences(
        PreferencesRequest request, NotificationsDbContext db, OrgContext org, ClaimsPrincipal user, WebhookAddressGuard guard,
        EmailSender email, SecretProtector secrets, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var preferences = await db.PreferencesOfAsync(user, cancellationToken);
        ETags.EnsureMatches(http.Request, preferences?.Version ?? 0);
        if (preferences is null)
        {
            preferences = NotificationPreferences.CreateFor(org.OrgId, user.GetPerson().UserId, now);
            db.NotificationPreferences.Add(preferences);
        }

        var settings = await ValidSettingsAsync(request, preferences, guard, email, cancellationToken);
        preferences.Apply(settings, now, secrets.Protect);
        await db.SaveChangesOrConflictAsync("Your notification preferences", cancellationToken);
        var verificationError = preferences.NeedsVerificationCode(now) && email.IsConfigured
            ? await SendCodeAsync(preferences, user, email, db, now, cancellationToken)
            : null;
        http.Response.Headers.ETag = ETags.For(preferences.Version);
        return TypedResults.Ok(PreferencesResponse.From(preferences, verificationError));
    }

    public static async Task<Accepted<PreferencesResponse>> SendVerificationCode(
        NotificationsDbContext db, ClaimsPrincipal user, EmailSender email, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var preferences = await db.PreferencesOfAsync(user, cancellationToken) ?? throw new ConflictException("There is no email address to verify.");
        if (!email.IsConfigured)
        {
            throw new DependencyUnavailableException("Email is not available on this deployment (no SMTP relay is configured).");
        }

        var error = await SendCodeAsync(preferences, user, email, db, clock.GetUtcNow(), cancellationToken);
        response.Headers.ETag = ETags.For(preferences.Version);
        return error is null
            ? TypedResults.Accepted((string?)null, PreferencesResponse.From(preferences))
            : throw new DependencyUnavailableException($"The code could not be sent: {error}");
    }

    public static async Task<Ok<PreferencesResponse>> VerifyEmail(
        VerifyEmailRequest request, NotificationsDbContext db, ClaimsPrincipal user, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var preferences = await db.PreferencesOfAsync(user, cancellationToken) ?? throw new ConflictException("There is no email address to verify.");
        try
        {
            preferences.VerifyEmail(request.Code, clock.GetUtcNow());
        }
        finally
        {
            // A wrong try counts even though the request fails.
            await db.SaveChangesOrConflictAsync("Your notification preferences", cancellationToken);
        }

        response.Headers.ETag = ETags.For(preferences.Version);
        return TypedResults.Ok(PreferencesResponse.From(preferences));
    }

    /// <summary>Sends a new code to the address; the error when it could not be sent (then none is waiting).</summary>
    private static async Task<string?> SendCodeAsync(
        NotificationPreferences preferences, ClaimsPrincipal user, EmailSender email, NotificationsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var code = preferences.NewVerificationCode(now);
        string? error = null;
        try
        {
            await email.SendVerificationCodeAsync(preferences.EmailAddress!, user.GetPerson().DisplayName, code, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = exception.Message;
            preferences.VerificationCodeNotSent();
        }

        await db.SaveChangesOrConflictAsync("Your notification preferences", cancellationToken);
        return error;
    }

    public static async Task<Accepted<NotificationResponse>> SendTestMessage(
        NotificationsDbContext db, ClaimsPrincipal user, OrgContext org, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var person = user.GetPerson();
        var hourAgo = now.AddHours(-1);
        if (await db.Notifications.CountAsync(n => n.RecipientUserId == person.UserId && n.Kind == NotificationKind.ChannelTest && n.CreatedAt > hourAgo, cancellationToken)
            >= MaxTestMessagesPerHour)
        {
            throw new TooManyRequestsException($"At most {MaxTestMessagesPerHour} test messages an hour; try again later.", TimeSpan.FromMinutes(10));
        }

        var notification = Notification.Create(
            org.OrgId, person.UserId, person.DisplayName, NotificationKind.ChannelTest, "Test message from IncidentPlatform",
            "If you read this where you expected it, this channel works.", "/api/notifications/preferences", Guid.CreateVersion7(now), now);
        db.Notifications.Add(notification);
        // A test goes now, past quiet hours and mutes: it checks the channels, not the schedule.
        var preferences = await db.PreferencesOfAsync(user, cancellationToken);
        foreach (var channel in Enum.GetValues<NotificationChannel>().Where(c => preferences?.IsEnabled(c) == true))
        {
            db.ChannelDeliveries.Add(ChannelDelivery.Create(notification, channel, now, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        var deliveries = await db.ChannelDeliveries.Where(d => d.NotificationId == notification.Id).ToListAsync(cancellationToken);
        return TypedResults.Accepted($"/api/notifications/{notification.Id}", NotificationResponse.From(notification, deliveries));
    }

    private static Task<NotificationPreferences?> PreferencesOfAsync(this NotificationsDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var me = user.GetPerson().UserId;
        return db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == me, cancellationToken);
    }

    /// <summary>The request as settings, or a 400 naming every wrong field (enabling email where no SMTP relay is configured: 422).</summary>
    private static async Task<PreferenceSettings> ValidSettingsAsync(
        PreferencesRequest request, NotificationPreferences current, WebhookAddressGuard guard, EmailSender email, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var timeZone = TextValues.TrimToNull(request.TimeZone) ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors["timeZone"] = [$"'{timeZone}' is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)."];
        }

        var emailEnabled = request.Email?.Enabled ?? false;
        var address = TextValues.TrimToNull(request.Email?.Address);
        if (address is not null && (address.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(address, out var parsed) || parsed.Address != address))
        {
            errors["email.address"] = ["Give a plain email address such as ana@example.com."];
        }
        else if (emailEnabled && address is null)
        {
            errors["email.address"] = ["Email is turned on: give the address to send to."];
        }

        var slackUrl = await ChatUrlAsync(request.Slack, NotificationChannel.Slack, current, guard, errors, cancellationToken);
        var teamsUrl = await ChatUrlAsync(request.Teams, NotificationChannel.Teams, current, guard, errors, cancellationToken);
        var quietHours = request.QuietHours is null ? null : QuietHoursOf(request.QuietHours, errors);
        var digestAt = NotificationPreferences.DefaultDigestTime;
        if (request.DailyDigest?.At is { } at && !TryParseTime(at, out digestAt))
        {
            errors["dailyDigest.at"] = ["Give a local time as HH:mm, e.g. 09:00."];
        }

        var mutedKinds = new List<NotificationKind>();
        foreach (var name in request.MutedKinds ?? [])
        {
            if (QueryValues.TryParseEnum(name, out NotificationKind kind))
            {
                mutedKinds.Add(kind);
            }
            else
            {
                errors["mutedKinds"] = [$"'{name}' is not a notification kind; known: {QueryValues.NamesOf<NotificationKind>()}."];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        if (emailEnabled && !email.IsConfigured)
        {
            throw new ValidationException("email.enabled", "Email is not available on this deployment (no SMTP relay is configured); use Slack, Teams or the inbox.", 422);
        }

        return new PreferenceSettings(timeZone, address, emailEnabled, slackUrl, request.Slack?.Enabled ?? false, teamsUrl,
            request.Teams?.Enabled ?? false, quietHours, request.DailyDigest?.Enabled ?? false, digestAt, mutedKinds);
    }

    /// <summary>A new chat URL, checked like a partner webhook URL; null keeps the stored one (an error if there is none and the channel is on).</summary>
    private static async Task<string?> ChatUrlAsync(
        ChatChannelRequest? request, NotificationChannel channel, NotificationPreferences current, WebhookAddressGuard guard,
        Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var field = $"{JsonNamingPolicy.CamelCase.ConvertName(channel.ToString())}.webhookUrl";
        var url = TextValues.TrimToNull(request?.WebhookUrl);
        if (url is null)
        {
            if (request?.Enabled == true && !current.HasChatUrl(channel))
            {
                errors[field] = [$"{channel} is turned on: give its incoming webhook URL."];
            }

            return null;
        }

        if (url.Length > MaxChatUrlLength)
        {
            errors[field] = [$"At most {MaxChatUrlLength} characters."];
            return null;
        }

        if (await guard.CheckRegistrationAsync(url, current.OrgId, field, cancellationToken) is { } refusal)
        {
            errors[field] = [refusal];
            return null;
        }

        return url;
    }

    private static QuietHours? QuietHoursOf(QuietHoursRequest request, Dictionary<string, string[]> errors)
    {
        var startOk = TryParseTime(request.Start, out var start);
        var endOk = TryParseTime(request.End, out var end);
        if (!startOk)
        {
            errors["quietHours.start"] = ["Give a local time as HH:mm, e.g. 22:00."];
        }

        if (!endOk)
        {
            errors["quietHours.end"] = ["Give a local time as HH:mm, e.g. 07:00."];
        }
        else if (startOk && start == end)
        {
            errors["quietHours.end"] = ["Quiet hours must end at another time than they start."];
        }

        return startOk && endOk && start != end ? new QuietHours(start, end) : null;
    }

    private static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

public sealed record PreferencesRequest(
    string? TimeZone,
    EmailChannelRequest? Email,
    ChatChannelRequest? Slack,
    ChatChannelRequest? Teams,
    QuietHoursRequest? QuietHours,
    DailyDigestRequest? DailyDigest,
    IReadOnlyList<string>? MutedKinds);

public sealed record EmailChannelRequest(bool? Enabled, string? Address);

public sealed record ChatChannelRequest(bool? Enabled, string? WebhookUrl);

public sealed record QuietHoursRequest(string? Start, string? End);

public sealed record DailyDigestRequest(bool? Enabled, string? At);

public sealed record VerifyEmailRequest(string? Code);

public sealed record PreferencesResponse(
    string TimeZone,
    EmailChannelResponse Email,
    ChatChannelResponse Slack,
    ChatChannelResponse Teams,
    QuietHoursResponse? QuietHours,
    DailyDigestResponse DailyDigest,
    IReadOnlyList<NotificationKind> MutedKinds,
    DateTimeOffset UpdatedAt)
{
    public static PreferencesResponse From(NotificationPreferences p, string? verificationError = null) => new(
        p.TimeZone,
        new EmailChannelResponse(p.EmailEnabled, p.EmailAddress, p.EmailVerifiedAt is not null, p.EmailVerificationSentAt, verificationError),
        new ChatChannelResponse(p.SlackEnabled, p.ProtectedSlackWebhookUrl is not null, p.SlackWebhookHost),
        new ChatChannelResponse(p.TeamsEnabled, p.ProtectedTeamsWebhookUrl is not null, p.TeamsWebhookHost),
        p.QuietHours is { } quiet ? new QuietHoursResponse(Time(quiet.Start), Time(quiet.End)) : null,
        new DailyDigestResponse(p.DailyDigestEnabled, Time(p.DailyDigestAt), p.NextDigestAt),
        p.MutedKinds,
        p.UpdatedAt);

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Email: whether it is on, where, whether the address is proven (nothing is sent before), when its code went out, and why it could not.</summary>
public sealed record EmailChannelResponse(bool Enabled, string? Address, bool Verified, DateTimeOffset? CodeSentAt, string? VerificationError);

/// <summary>A chat channel: whether a webhook URL is stored (never the URL: it is a secret), and its host to recognize it.</summary>
public sealed record ChatChannelResponse(bool Enabled, bool WebhookConfigured, string? WebhookHost);

public sealed record QuietHoursResponse(string Start, string End);

public sealed record DailyDigestResponse(bool Enabled, string At, DateTimeOffset? NextAt);

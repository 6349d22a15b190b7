using System.Security.Cryptography;
using System.Text;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Domain.People;

/// <summary>Where a person is told besides the in-app inbox, which is always on.</summary>
public enum NotificationChannel
{
    Email,
    Slack,
    Teams,
}

/// <summary>
/// How one person of an org wants to be told: email, Slack and Teams (incoming webhooks) on or off, quiet hours and a
/// daily digest in their own time zone, and kinds they do not want outside the app. Chat webhook URLs are secrets
/// (anyone holding one can post to the channel): they are kept encrypted and never shown again.
/// </summary>
public sealed class NotificationPreferences : IOrgOwned
{
    public static readonly TimeOnly DefaultDigestTime = new(9, 0);
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan VerificationResendAfter = TimeSpan.FromMinutes(1);
    public const int MaxVerificationTries = 5;
    public const int MaxCodesPerDay = 10;

    private NotificationPreferences()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    /// <summary>The person's Entra object id.</summary>
    public string UserId { get; private set; } = "";

    /// <summary>An IANA time zone id (<c>Europe/Berlin</c>), for quiet hours and the digest.</summary>
    public string TimeZone { get; private set; } = "UTC";

    public string? EmailAddress { get; private set; }

    public bool EmailEnabled { get; private set; }

    /// <summary>When the person proved they read <see cref="EmailAddress"/> (the code sent there); nothing is emailed before.</summary>
    public DateTimeOffset? EmailVerifiedAt { get; private set; }

    public string? EmailVerificationHash { get; private set; }

    public DateTimeOffset? EmailVerificationExpiresAt { get; private set; }

    public DateTimeOffset? EmailVerificationSentAt { get; private set; }

    public int EmailVerificationTries { get; private set; }

    /// <summary>Codes sent since <see cref="EmailVerificationWindowStart"/>: at most <see cref="MaxCodesPerDay"/> a day, whatever the address.</summary>
    public int EmailVerificationCodesSent { get; private set; }

    public DateTimeOffset? EmailVerificationWindowStart { get; private set; }

    public string? ProtectedSlackWebhookUrl { get; private set; }

    public string? SlackWebhookHost { get; private set; }

    public bool SlackEnabled { get; private set; }

    public string? ProtectedTeamsWebhookUrl { get; private set; }

    public string? TeamsWebhookHost { get; private set; }

    public bool TeamsEnabled { get; private set; }

    public TimeOnly? QuietHoursStart { get; private set; }

    public TimeOnly? QuietHoursEnd { get; private set; }

    public bool DailyDigestEnabled { get; private set; }

    public TimeOnly DailyDigestAt { get; private set; } = DefaultDigestTime;

    /// <summary>When the next digest is due (null while it is off): indexed, so the sweep never computes time zones.</summary>
    public DateTimeOffset? NextDigestAt { get; private set; }

    /// <summary>Kinds that go to the inbox only.</summary>
    public List<NotificationKind> MutedKinds { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public QuietHours? QuietHours => QuietHoursStart is { } start && QuietHoursEnd is { } end ? new QuietHours(start, end) : null;

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public string ChatUrlPurpose(NotificationChannel channel) => $"notification-preferences:{OrgId}:{UserId}:{channel}";

    public static NotificationPreferences CreateFor(Guid orgId, string userId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrgId = orgId,
        UserId = userId,
        UpdatedAt = now,
    };

    /// <summary>
    /// Applies validated settings. A chat URL left out keeps the stored one; <paramref name="protect"/> encrypts a new
    /// one for this person. Changing the digest time or zone reschedules the next digest.
    /// </summary>
    public void Apply(PreferenceSettings settings, DateTimeOffset now, Func<string, string, string> protect)
    {
        TimeZone = settings.TimeZone;
        if (!string.Equals(EmailAddress, settings.EmailAddress, StringComparison.OrdinalIgnoreCase))
        {
            // A new address is unproven until its code comes back. The limits on sending codes are the person's, not the
            // address's: switching addresses back and forth gets no more codes, nor more tries.
            (EmailVerifiedAt, EmailVerificationHash, EmailVerificationExpiresAt) = (null, null, null);
        }

        EmailAddress = settings.EmailAddress;
        EmailEnabled = settings.EmailEnabled;
        if (settings.SlackWebhookUrl is { } slack)
        {
            ProtectedSlackWebhookUrl = protect(slack, ChatUrlPurpose(NotificationChannel.Slack));
            SlackWebhookHost = new Uri(slack).Host;
        }

        if (settings.TeamsWebhookUrl is { } teams)
        {
            ProtectedTeamsWebhookUrl = protect(teams, ChatUrlPurpose(NotificationChannel.Teams));
            TeamsWebhookHost = new Uri(teams).Host;
        }

        SlackEnabled = settings.SlackEnabled;
        TeamsEnabled = settings.TeamsEnabled;
        QuietHoursStart = settings.QuietHours?.Start;
        QuietHoursEnd = settings.QuietHours?.End;
        DailyDigestEnabled = settings.DailyDigestEnabled;
        DailyDigestAt = settings.DailyDigestAt;
        NextDigestAt = DailyDigestEnabled ? LocalTime.NextAt(now, DailyDigestAt, Zone) : null;
        MutedKinds = [.. settings.MutedKinds.Distinct().Order()];
        UpdatedAt = now;
        Version++;
    }

    public bool HasChatUrl(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Slack => ProtectedSlackWebhookUrl is not null,
        NotificationChannel.Teams => ProtectedTeamsWebhookUrl is not null,
        _ => false,
    };

    public bool IsEnabled(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Email => EmailEnabled && EmailAddress is not null && EmailVerifiedAt is not null,
        NotificationChannel.Slack => SlackEnabled && ProtectedSlackWebhookUrl is not null,
        NotificationChannel.Teams => TeamsEnabled && ProtectedTeamsWebhookUrl is not null,
        _ => false,
    };

    /// <summary>
    /// The channels beyond the inbox a notification of <paramref name="kind"/> goes to. With the digest on, due-soon and
    /// overdue reminders wait for it instead of arriving one by one.
    /// </summary>
    public IReadOnlyList<NotificationChannel> ChannelsFor(NotificationKind kind)
    {
        if (MutedKinds.Contains(kind) || (DailyDigestEnabled && kind is NotificationKind.ActionItemDueSoon or NotificationKind.ActionItemOverdue))
        {
            return [];
        }

        return [.. Enum.GetValues<NotificationChannel>().Where(IsEnabled)];
    }

    /// <summary>When something created at <paramref name="now"/> may be sent: now, or when the quiet hours end.</summary>
    public DateTimeOffset SendableFrom(DateTimeOffset now) => QuietHours?.NextAllowed(now, Zone) ?? now;

    /// <summary>
    /// Whether saving the preferences should send a code: the address is set and unproven, no code is waiting for it,
    /// and the person may be sent one now (one a minute, <see cref="MaxCodesPerDay"/> a day).
    /// </summary>
    public bool NeedsVerificationCode(DateTimeOffset now) =>
        EmailAddress is not null && EmailVerifiedAt is null && !(EmailVerificationHash is not null && EmailVerificationExpiresAt > now)
        && CodeRefusal(now) is null;

    /// <summary>A new six-digit code for the address (the previous one stops working); the plain code is returned once, to send.</summary>
    public string NewVerificationCode(DateTimeOffset now)
    {
        EnsureAddressToVerify();

        if (CodeRefusal(now) is { } refusal)
        {
            throw refusal;
        }

        if (EmailVerificationWindowStart is not { } start || now - start >= TimeSpan.FromDays(1))
        {
            (EmailVerificationWindowStart, EmailVerificationCodesSent) = (now, 0);
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        (EmailVerificationHash, EmailVerificationExpiresAt, EmailVerificationSentAt, EmailVerificationTries) = (HashOf(code), now + VerificationLifetime, now, 0);
        EmailVerificationCodesSent++;
        Version++;
        return code;
    }

    private TooManyRequestsException? CodeRefusal(DateTimeOffset now)
    {
        if (EmailVerificationSentAt is { } sent && now - sent < VerificationResendAfter)
        {
            return new TooManyRequestsException("A code was sent less than a minute ago; check the inbox of that address first.", VerificationResendAfter - (now - sent));
        }

        return EmailVerificationWindowStart is { } start && now - start < TimeSpan.FromDays(1) && EmailVerificationCodesSent >= MaxCodesPerDay
            ? new TooManyRequestsException($"At most {MaxCodesPerDay} codes a day; try again tomorrow.", start.AddDays(1) - now)
            : null;
    }

    /// <summary>The code could not be sent: none is waiting, and a new one may be asked for at once.</summary>
    public void VerificationCodeNotSent() => (EmailVerificationHash, EmailVerificationExpiresAt, EmailVerificationSentAt) = (null, null, null);

    private void EnsureAddressToVerify()
    {
        if (EmailAddress is null || EmailVerifiedAt is not null)
        {
            throw new ConflictException(EmailAddress is null ? "There is no email address to verify." : $"{EmailAddress} is verified already.");
        }
    }

    /// <summary>The code the person read in that mailbox: right proves the address; wrong counts, and five wrong need a new code.</summary>
    public void VerifyEmail(string? code, DateTimeOffset now)
    {
        EnsureAddressToVerify();

        if (EmailVerificationHash is null || EmailVerificationExpiresAt < now || EmailVerificationTries >= MaxVerificationTries)
        {
            throw new ConflictException("No code is waiting for this address (none sent, expired after 30 minutes, or five wrong tries): ask for a new one.");
        }

        var given = (code ?? "").Trim();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashOf(given)), Encoding.ASCII.GetBytes(EmailVerificationHash)))
        {
            EmailVerificationTries++;
            Version++;
            throw new ValidationException("code", $"That is not the code sent to {EmailAddress} ({MaxVerificationTries - EmailVerificationTries} tries left).", 422);
        }

        (EmailVerifiedAt, EmailVerificationHash, EmailVerificationExpiresAt) = (now, null, null);
        Version++;
    }

    private string HashOf(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{OrgId}:{UserId}:{EmailAddress?.ToLowerInvariant()}:{code}")));

    /// <summary>The digest went out (or had nothing to say): the next one is tomorrow at the person's time.</summary>
    public void DigestDone(DateTimeOffset now) =>
        NextDigestAt = DailyDigestEnabled ? LocalTime.NextAt(now, DailyDigestAt, Zone) : null;
}

/// <summary>Validated preference settings; a null chat URL keeps the stored one.</summary>
public sealed record PreferenceSettings(
    string TimeZone,
    string? EmailAddress,
    bool EmailEnabled,
    string? SlackWebhookUrl,
    bool SlackEnabled,
    string? TeamsWebhookUrl,
    bool TeamsEnabled,
    QuietHours? QuietHours,
    bool DailyDigestEnabled,
    TimeOnly DailyDigestAt,
    IReadOnlyList<NotificationKind> MutedKinds);

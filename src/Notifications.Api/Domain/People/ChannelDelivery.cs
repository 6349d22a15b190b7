using IncidentPlatform.ServiceDefaults.Persistence;

namespace IncidentPlatform.Notifications.Domain.People;

public enum ChannelDeliveryStatus
{
    Pending,
    Sent,
    /// <summary>Every attempt failed; the last error says why.</summary>
    Failed,
    /// <summary>The person turned the channel off (or removed its address) before it was sent.</summary>
    Skipped,
}

/// <summary>
/// A notification on its way to one of its recipient's channels (email, Slack, Teams). Written in the same transaction
/// as the notification, sent by the dispatcher when due (quiet hours move the first attempt), retried on failure.
/// Where it goes is read from the person's preferences when it is sent, so turning a channel off stops what waits.
/// </summary>
public sealed class ChannelDelivery : IOrgOwned
{
    /// <summary>Waits after each failed attempt; after the last one the delivery has failed.</summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    private ChannelDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrgId { get; private set; }

    public Guid NotificationId { get; private set; }

    public string RecipientUserId { get; private set; } = "";

    public NotificationChannel Channel { get; private set; }

    public ChannelDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public static ChannelDelivery Create(Notification notification, NotificationChannel channel, DateTimeOffset sendFrom, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrgId = notification.OrgId,
        NotificationId = notification.Id,
        RecipientUserId = notification.RecipientUserId,
        Channel = channel,
        Status = ChannelDeliveryStatus.Pending,
        NextAttemptAt = sendFrom,
        CreatedAt = now,
    };

    public void Sent(DateTimeOffset now)
    {
        Attempts++;
        Status = ChannelDeliveryStatus.Sent;
        SentAt = now;
        LastError = null;
    }

    public void AttemptFailed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];
        if (Attempts > RetryDelays.Count)
        {
            Status = ChannelDeliveryStatus.Failed;
            return;
        }

        NextAttemptAt = now + RetryDelays[Attempts - 1];
    }

    /// <summary>Moves a waiting delivery to later (the retry falls in the person's quiet hours).</summary>
    public void DeferTo(DateTimeOffset at)
    {
        if (Status == ChannelDeliveryStatus.Pending && at > NextAttemptAt)
        {
            NextAttemptAt = at;
        }
    }

    public void Skip(string reason)
    {
        Status = ChannelDeliveryStatus.Skipped;
        LastError = reason;
    }

    public const int MaxErrorLength = 1000;
}

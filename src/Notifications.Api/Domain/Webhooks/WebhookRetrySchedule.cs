namespace IncidentPlatform.Notifications.Domain.Webhooks;

/// <summary>
/// When a delivery is attempted again after a failure: the schedule the Standard Webhooks guidance suggests —
/// at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (8 attempts over about 27.6 h) — each wait
/// spread by ±20 % jitter so that an endpoint coming back is not hit by every retry at the same instant.
/// </summary>
public static class WebhookRetrySchedule
{
    public const double Jitter = 0.2;

    /// <summary>The wait before attempt n+1 (index 0: the first attempt, at once).</summary>
    public static IReadOnlyList<TimeSpan> Delays { get; } =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    public static int MaxAttempts => Delays.Count;

    /// <summary>
    /// When to try again after <paramref name="attemptsMade"/> attempts failed, or null when they are used up.
    /// <paramref name="random"/> in [0, 1) picks the point within the jitter band.
    /// </summary>
    public static DateTimeOffset? NextAttemptAt(int attemptsMade, DateTimeOffset now, double random)
    {
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }

        var factor = 1 - Jitter + (2 * Jitter * random);
        return now + (Delays[attemptsMade] * factor);
    }
}

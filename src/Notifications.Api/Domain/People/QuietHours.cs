namespace IncidentPlatform.Notifications.Domain.People;

/// <summary>
/// A daily window, in the person's own time zone, in which nothing is sent to their email or chat (the in-app inbox
/// still gets everything at once). <see cref="Start"/> after <see cref="End"/> is a window over midnight (22:00–07:00).
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>When something due at <paramref name="now"/> may go out: now, or the end of the window it falls in.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var overMidnight = Start > End;
        var inside = overMidnight ? time >= Start || time < End : time >= Start && time < End;
        if (!inside)
        {
            return now;
        }

        var endDate = DateOnly.FromDateTime(local.DateTime);
        if (overMidnight && time >= Start)
        {
            endDate = endDate.AddDays(1);
        }

        // At the fall-back change the end's hour happens twice: the window lasts until the later one.
        var end = LocalTime.ToUtc(endDate.ToDateTime(End), timeZone, laterIfRepeated: true);
        return end > now ? end : now;
    }
}

/// <summary>Turning a person's local wall-clock time into an instant, across daylight-saving changes.</summary>
public static class LocalTime
{
    /// <summary>
    /// The instant of <paramref name="local"/> in <paramref name="timeZone"/>. A time skipped by a spring-forward change
    /// counts as the first instant after the gap; a time that happens twice (fall back) as its first occurrence, or its
    /// second with <paramref name="laterIfRepeated"/>.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo timeZone, bool laterIfRepeated = false)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(1);
        }

        var offset = !timeZone.IsAmbiguousTime(unspecified) ? timeZone.GetUtcOffset(unspecified)
            : laterIfRepeated ? timeZone.GetAmbiguousTimeOffsets(unspecified).Min()
            : timeZone.GetAmbiguousTimeOffsets(unspecified).Max();
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    /// <summary>The next instant after <paramref name="now"/> at which the local clock shows <paramref name="at"/>.</summary>
    public static DateTimeOffset NextAt(DateTimeOffset now, TimeOnly at, TimeZoneInfo timeZone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, timeZone).DateTime);
        var candidate = ToUtc(today.ToDateTime(at), timeZone);
        return candidate > now ? candidate : ToUtc(today.AddDays(1).ToDateTime(at), timeZone);
    }
}

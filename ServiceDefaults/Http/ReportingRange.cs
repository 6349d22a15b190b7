namespace IncidentPlatform.ServiceDefaults.Http;

/// <summary>The [from, to) range of a metrics report: by default the last 90 days, at most 5 years, from before to.</summary>
public static class ReportingRange
{
    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(90);
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(5 * 366);

    public static (DateTimeOffset From, DateTimeOffset To) Resolve(DateTimeOffset? from, DateTimeOffset? to, DateTimeOffset now)
    {
        var until = to ?? now;
        var since = from ?? until - DefaultSpan;
        if (until <= since)
        {
            throw new ValidationException("to", "to must be after from.");
        }

        if (until - since > MaxSpan)
        {
            throw new ValidationException("from", "A metrics range spans at most 5 years.");
        }

        return (since, until);
    }
}

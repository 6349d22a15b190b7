using System.Globalization;
using System.Text;

namespace IncidentPlatform.Reviews.Domain.Meetings;

/// <summary>
/// The meeting as an iCalendar (RFC 5545) invite: one VEVENT in UTC with a stable UID per review, so importing a
/// rescheduled invite (higher SEQUENCE) updates the event, and a cancelled one removes it. Published, not requested:
/// the platform knows people by id, not by mail address, so it names no organizer or attendees' addresses.
/// </summary>
public static class MeetingInvite
{
    public static string ToICalendar(Review review, ReviewMeeting meeting, MeetingAgenda agenda, DateTimeOffset now)
    {
        var description = new StringBuilder();
        description.Append("Blameless review of ").Append(review.IncidentReference).Append(": ").Append(review.IncidentTitle).Append('\n');
        description.Append("Owner: ").Append(review.Owner.DisplayName);
        if (review.Roles.Facilitator is { } facilitator)
        {
            description.Append(" · Facilitator: ").Append(facilitator.DisplayName);
        }

        description.Append("\n\nAgenda\n");
        foreach (var item in agenda.Items)
        {
            description.Append(CultureInfo.InvariantCulture, $"{item.StartsAtMinute:00}' {item.Title} ({item.Minutes} min)\n");
        }

        description.Append("\nGuiding questions\n");
        foreach (var question in agenda.GuidingQuestions)
        {
            description.Append("- ").Append(question).Append('\n');
        }

        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//IncidentPlatform//Reviews//EN",
            "CALSCALE:GREGORIAN",
            meeting.Cancelled ? "METHOD:CANCEL" : "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            $"UID:review-{review.Id}@incidentplatform",
            $"DTSTAMP:{Utc(now)}",
            $"DTSTART:{Utc(meeting.StartsAt)}",
            $"DTEND:{Utc(meeting.EndsAt)}",
            $"SEQUENCE:{meeting.Sequence}",
            meeting.Cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED",
            $"SUMMARY:{Text($"Post-incident review: {review.IncidentReference} {review.IncidentTitle}")}",
            $"DESCRIPTION:{Text(description.ToString())}",
        };
        if (meeting.Location is { } location)
        {
            lines.Add($"LOCATION:{Text(location)}");
        }

        lines.AddRange(["END:VEVENT", "END:VCALENDAR"]);
        var calendar = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(calendar, line);
        }

        return calendar.ToString();
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as <c>\n</c>.</summary>
    private static string Text(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>Lines end in CRLF and are folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.</summary>
    private static void Fold(StringBuilder calendar, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                calendar.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space of a continuation line counts
            }

            calendar.Append(rune.ToString());
            octets += size;
        }

        calendar.Append("\r\n");
    }
}

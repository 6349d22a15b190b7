using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain.Meetings;

/// <summary>One timed part of the meeting, from its start.</summary>
public sealed record AgendaItem(string Title, int StartsAtMinute, int Minutes, string Purpose);

/// <summary>
/// The review meeting's agenda, timed to its length: opening and ground rules 5, summary 5, timeline 10–20,
/// contributing factors and root cause 15–20, what went well and poorly 10, action items 5–15. A more severe incident
/// starts from longer timeline, factor and action parts; a short meeting trims the timeline walkthrough first (it was
/// drafted before the meeting) and the factors last, and time left over becomes open discussion. Guiding questions help the facilitator keep the talk on systems, not people.
/// </summary>
public sealed record MeetingAgenda(IReadOnlyList<AgendaItem> Items, IReadOnlyList<string> GuidingQuestions)
{
    public static readonly IReadOnlyList<string> BaseQuestions =
    [
        "What information would have helped you act sooner?",
        "What did you consider but decide not to do?",
        "Has something similar happened before?",
        "What surprised you?",
        "What went well during the response, and how do we keep it?",
        "What allowed this change or condition to reach production?",
        "What signals were available at the time, and where were they shown?",
    ];

    private sealed record Part(string Title, int Min, int Max, string Purpose)
    {
        public int Minutes { get; set; }
    }

    public static MeetingAgenda For(Severity severity, int durationMinutes)
    {
        var opening = new Part("Opening and ground rules", 5, 5, "The facilitator states the blameless frame: we look for what allowed this, not who.");
        var summary = new Part("Summary and impact", 5, 5, "What happened, whom it affected, for how long.");
        var timeline = new Part("Timeline walkthrough", 10, 20, "Walk the timeline in order: what was known at the time, what was learned later.");
        var factors = new Part("Contributing factors and root cause", 15, 20, "The 5 whys and the factors that triggered, amplified or slowed the recovery.");
        var wentWell = new Part("What went well and what went poorly", 5, 10, "Keep what worked; name what made the response harder.");
        var actions = new Part("Action items", 5, 15, "Three to five key actions, each with an owner, a due date and a definition of done.");
        Part[] parts = [opening, summary, timeline, factors, wentWell, actions];

        // Where each flexible part starts for this severity; the meeting's length then trims or extends it.
        (timeline.Minutes, factors.Minutes, actions.Minutes) = severity switch
        {
            Severity.Sev1 => (20, 20, 15),
            Severity.Sev2 => (15, 20, 10),
            _ => (10, 15, 5),
        };
        (opening.Minutes, summary.Minutes, wentWell.Minutes) = (5, 5, 10);

        var over = parts.Sum(p => p.Minutes) - durationMinutes;
        foreach (var part in new[] { timeline, actions, wentWell, factors })
        {
            var cut = Math.Clamp(over, 0, part.Minutes - part.Min);
            part.Minutes -= cut;
            over -= cut;
        }

        var spare = -over;
        foreach (var part in new[] { factors, timeline, actions })
        {
            var added = Math.Clamp(spare, 0, part.Max - part.Minutes);
            part.Minutes += added;
            spare -= added;
        }

        var items = new List<AgendaItem>();
        var minute = 0;
        foreach (var part in parts)
        {
            items.Add(new AgendaItem(part.Title, minute, part.Minutes, part.Purpose));
            minute += part.Minutes;
        }

        if (spare > 0)
        {
            items.Add(new AgendaItem("Open discussion", minute, spare, "Questions the agenda left open; similar past incidents."));
        }

        IReadOnlyList<string> questions = severity == Severity.Sev1
            ? [.. BaseQuestions, "What would leadership need to change so this cannot recur at this scale?"]
            : BaseQuestions;
        return new MeetingAgenda(items, questions);
    }
}

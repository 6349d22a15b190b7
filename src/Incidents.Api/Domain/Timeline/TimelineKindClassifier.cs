using System.Text.RegularExpressions;

namespace IncidentPlatform.Incidents.Domain.Timeline;

/// <summary>
/// Guesses the kind of an imported timeline line from its text, the way a responder would read it: an explicit
/// label first ("Alert:", "Decision:"), then what the line is about. The guess is shown and can be corrected.
/// </summary>
public static class TimelineKindClassifier
{
    private static readonly (TimelineEntryKind Kind, Regex Pattern)[] Labels =
    [
        (TimelineEntryKind.Signal, LabelPattern("alert|alarm|signal|page")),
        (TimelineEntryKind.Detection, LabelPattern("detect(?:ed|ion)?|found|finding")),
        (TimelineEntryKind.Escalation, LabelPattern("escalat(?:ed|ion)|paged")),
        (TimelineEntryKind.Decision, LabelPattern("decision|decided")),
        (TimelineEntryKind.Mitigation, LabelPattern("mitigat(?:ed|ion)|fix(?:ed)?|resolved")),
        (TimelineEntryKind.Rollback, LabelPattern("rollback|revert(?:ed)?")),
        (TimelineEntryKind.Deploy, LabelPattern("deploy(?:ment)?|release")),
        (TimelineEntryKind.ConfigChange, LabelPattern("config(?:uration)?(?: change)?|flag")),
        (TimelineEntryKind.Communication, LabelPattern("comms?|communication|status ?page|update|announcement")),
        (TimelineEntryKind.Impact, LabelPattern("impact|customer impact")),
    ];

    // Order matters: "acknowledges alert" is a response to a signal, "identifies new deployment as cause" is a
    // finding about a deploy, and "rollback complete, error rate returning to baseline" is still the rollback.
    private static readonly (TimelineEntryKind Kind, Regex Pattern)[] Topics =
    [
        (TimelineEntryKind.Rollback, TopicPattern(@"roll(?:ed|ing)?[ -]?back|revert(?:ed|ing)?")),
        (TimelineEntryKind.Decision, TopicPattern(@"decid(?:e|ed|es)|decision|agreed to|chose to")),
        (TimelineEntryKind.Escalation, TopicPattern(@"acknowledg\w*|escalat\w*|paged|paging|on-?call (?:engineer )?(?:joins|joined)|incident commander|war ?room")),
        (TimelineEntryKind.Signal, TopicPattern(@"alert\w*|alarm\w*|pagerduty|opsgenie|threshold|monitor(?:ing)? (?:fired|triggered)")),
        (TimelineEntryKind.Communication, TopicPattern(@"status ?page|notif(?:y|ied) customers|customers? (?:were )?notified|announc\w*|email(?:ed)?|communicat\w*|stakeholders")),
        (TimelineEntryKind.Detection, TopicPattern(@"identif\w*|root cause|potential cause|suspect\w*|investigat\w*|notic\w*|detect\w*|spotted|diagnos\w*")),
        (TimelineEntryKind.ConfigChange, TopicPattern(@"config\w*|feature flag|flag (?:flipped|toggled|enabled|disabled)|toggle\w*|setting changed")),
        (TimelineEntryKind.Deploy, TopicPattern(@"deploy\w*|release[sd]?|canary|rollout|rolled out|shipped")),
        (TimelineEntryKind.Mitigation, TopicPattern(@"mitigat\w*|restor\w*|back to normal|recover\w*|resolved|fixed|baseline|stabili[sz]\w*|failover|failed over|scaled (?:up|out)")),
        (TimelineEntryKind.Impact, TopicPattern(@"impact\w*|outage|errors?|failures?|failed|timeouts?|latency|degraded|unavailable|down\b|customers? (?:affected|report\w*)")),
    ];

    public static TimelineEntryKind Classify(string text)
    {
        foreach (var (kind, pattern) in Labels)
        {
            if (pattern.IsMatch(text))
            {
                return kind;
            }
        }

        foreach (var (kind, pattern) in Topics)
        {
            if (pattern.IsMatch(text))
            {
                return kind;
            }
        }

        return TimelineEntryKind.Other;
    }

    private static Regex LabelPattern(string labels) =>
        new($@"^\s*(?:{labels})\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex TopicPattern(string words) =>
        new($@"\b(?:{words})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}

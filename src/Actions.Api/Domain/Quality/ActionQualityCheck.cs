using System.Text.RegularExpressions;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.Actions.Domain.Quality;

/// <summary>
/// Checks an action item against what makes follow-up work get done and matter (seed guide, "Action Item Quality"):
/// a systemic change with a scope and an outcome, a measurable definition of done, one person who owns it, and a due
/// date within the priority's SLO. Findings explain themselves; nothing is refused or rewritten here.
/// </summary>
public static partial class ActionQualityCheck
{
    /// <summary>The healthy number of key (P1/P2) actions per review is 3–5.</summary>
    public const int MaxKeyActions = 5;

    /// <summary>Two open items read alike from this share of common words on.</summary>
    public const double DuplicateThreshold = 0.5;

    private const string CanaryExample = "Implement automated canary analysis that blocks promotion if error rate > 0.5%";
    private const string TestExample = "Add integration test for the payment retry path with declined card codes";
    private const string RollbackExample = "Document and implement automated rollback trigger when error rate exceeds 2x baseline";
    private const string DashboardExample = "Add checkout error rate dashboard with 1-minute granularity and SLO burn rate alerts";

    public static IReadOnlyList<QualityFinding> Check(ActionDraft draft, ActionPolicy policy, DateOnly createdOn)
    {
        var findings = new List<QualityFinding>();
        if (WordingFinding(draft.Title) is { } wording)
        {
            findings.Add(wording);
        }

        if (!IsMeasurable(draft.DefinitionOfDone))
        {
            findings.Add(new QualityFinding(
                QualityCodes.NoMeasurableDone, "definitionOfDone",
                string.IsNullOrWhiteSpace(draft.DefinitionOfDone) ? "No definition of done." : "The definition of done cannot be checked.",
                "Without an observable result nobody can tell when the item is finished, so it stays open or closes without changing anything.",
                "Done when: canary promotion is blocked in staging by an injected 1% error rate, and the check runs in every production deploy."));
        }

        if (string.IsNullOrWhiteSpace(draft.OwnerUserId) && string.IsNullOrWhiteSpace(draft.OwnerName))
        {
            findings.Add(new QualityFinding(
                QualityCodes.OwnerMissing, "owner", "Nobody owns it.",
                "Items without an owner are the ones nobody follows up; the guide asks for a specific person.",
                "Owner: Sarah (Platform Team as secondary owner)."));
        }
        else if (IsTeamName(draft.OwnerName))
        {
            findings.Add(new QualityFinding(
                QualityCodes.OwnerIsTeam, "owner", $"'{draft.OwnerName}' is a team, not a person.",
                "When a team owns an item, everyone assumes someone else is doing it. Name one person; the team can be the secondary owner.",
                "Owner: Sarah (Platform Team as secondary owner)."));
        }

        if (draft.DueDate is not { } dueDate)
        {
            findings.Add(new QualityFinding(
                QualityCodes.DueDateMissing, "dueDate", "No due date.",
                "An item without a date is never late, so it is never followed up.",
                "Due: March 30."));
        }
        else if (dueDate > policy.LatestDueDate(draft.Priority, createdOn))
        {
            var weeks = policy.WeeksFor(draft.Priority);
            findings.Add(new QualityFinding(
                QualityCodes.DueBeyondSlo, "dueDate",
                $"Due {dueDate:yyyy-MM-dd}, later than the {draft.Priority} SLO of {weeks} weeks ({policy.LatestDueDate(draft.Priority, createdOn):yyyy-MM-dd}).",
                "Reliability work that waits longer than its priority allows gets overtaken by the next incident; lower the priority or bring the date in.",
                $"[{draft.Priority}] due within {weeks} weeks."));
        }

        return findings;
    }

    /// <summary>The open item of an earlier incident, sharing a service, whose title reads most alike; null when none does.</summary>
    public static (OpenItemCandidate Item, double Similarity)? FindDuplicate(
        string title, Guid incidentId, IReadOnlyCollection<string> services, IEnumerable<OpenItemCandidate> openItems)
    {
        var words = ContentWords(title);
        if (words.Count == 0)
        {
            return null;
        }

        return openItems
            .Where(c => c.IncidentId != incidentId && c.Services.Any(s => services.Contains(s, StringComparer.OrdinalIgnoreCase)))
            .Select(c => (Item: c, Similarity: Jaccard(words, ContentWords(c.Title))))
            .Where(m => m.Similarity >= DuplicateThreshold)
            .OrderByDescending(m => m.Similarity)
            .Cast<(OpenItemCandidate, double)?>()
            .FirstOrDefault();
    }

    public static QualityFinding DuplicateFinding(OpenItemCandidate duplicate) => new(
        QualityCodes.DuplicateOfOpenItem, "title",
        $"An open item of {duplicate.IncidentReference} reads alike: \"{duplicate.Title}\".",
        "The same fix promised twice means the first one has not landed; finish or link that one instead of adding another.",
        $"Add the open item {duplicate.Id} as a dependency, or close one of the two.");

    /// <summary>What concerns a review's set of actions as a whole: 3–5 key (P1/P2) actions; none at all for a SEV1/SEV2 is a gap.</summary>
    public static IReadOnlyList<QualityFinding> CheckReview(Severity severity, int keyActions)
    {
        if (keyActions > MaxKeyActions)
        {
            return [new QualityFinding(
                QualityCodes.TooManyKeyActions, "priority", $"{keyActions} key (P1/P2) actions; the healthy range is 3–5.",
                "A long list of must-dos gets none of them done; keep the few that most reduce recurrence or blast radius and make the rest P3.",
                "1. [P1] Implement automated canary analysis  2. [P2] Add integration test for payment retry with declined cards  3. [P2] Implement automated rollback on 2x error rate")];
        }

        if (keyActions == 0 && severity is Severity.Sev1 or Severity.Sev2)
        {
            return [new QualityFinding(
                QualityCodes.NoKeyActions, "priority", $"A {SeverityName(severity)} review has no key (P1/P2) action.",
                "An incident this severe that changes nothing will happen again; the review should commit to at least one systemic fix.",
                CanaryExample)];
        }

        return [];
    }

    private static string SeverityName(Severity severity) => $"SEV{(int)severity}";

    private static QualityFinding? WordingFinding(string? title)
    {
        var text = Normalize(title);
        if (text.Length == 0)
        {
            return null;
        }

        if (EmptyPromise().IsMatch(text))
        {
            return new QualityFinding(
                QualityCodes.EmptyPromise, "title", "Asks people to try harder instead of changing the system.",
                "Vague, no systemic change: people were already trying; the conditions that let the failure through are still there.",
                CanaryExample);
        }

        var specific = IsSpecific(text);
        if (OutcomelessActivity().IsMatch(text) && !ConcreteFollowThrough().IsMatch(text))
        {
            return new QualityFinding(
                QualityCodes.NoOutcome, "title", "An activity with no outcome defined.",
                "No outcome defined: investigating or reviewing can finish without anything changing; say what will be changed or decided.",
                RollbackExample);
        }

        if (!specific && (UnscopedWork().IsMatch(text) || BareGenericWork().IsMatch(text)))
        {
            return new QualityFinding(
                QualityCodes.Unscoped, "title", "Names a kind of work without a scope.",
                "No specific scope: any amount of it would count as done, so none of it targets the failure mode of this incident.",
                text.Contains("test", StringComparison.Ordinal) ? TestExample : DashboardExample);
        }

        if (!specific && VagueImprovement().IsMatch(text))
        {
            return new QualityFinding(
                QualityCodes.Vague, "title", "Could mean anything.",
                "Could mean anything: without saying what changes, where and by how much, two people will picture two different tasks.",
                DashboardExample);
        }

        return null;
    }

    /// <summary>Numbers, thresholds, named things (<c>checkout-api</c>, <c>orders.customer_id</c>) or a mechanism ("by adding…", "that blocks…").</summary>
    private static bool IsSpecific(string text) => SpecificMarker().IsMatch(text);

    private static bool IsMeasurable(string? definitionOfDone)
    {
        var text = Normalize(definitionOfDone);
        if (text.Length == 0)
        {
            return false;
        }

        var observable = ObservableResult().IsMatch(text) || MeasuredQuantity().IsMatch(text);
        if (UnmeasurableResult().IsMatch(text) && !observable)
        {
            return false;
        }

        return observable || text.Split(' ').Length >= 6;
    }

    public static bool IsTeamName(string? ownerName)
    {
        var text = Normalize(ownerName);
        return text.Length > 0 && (text.StartsWith('@') || TeamWord().IsMatch(text));
    }

    private static string Normalize(string? text) =>
        text is null ? "" : Whitespace().Replace(text.Trim().ToLowerInvariant().Replace('’', '\''), " ");

    private static HashSet<string> ContentWords(string title) =>
        [.. Word().Matches(title.ToLowerInvariant()).Select(m => Stem(m.Value)).Where(w => w.Length > 2 && !StopWords.Contains(w))];

    private static string Stem(string word) => word switch
    {
        _ when word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5 => word[..^3],
        _ when word.EndsWith("ed", StringComparison.Ordinal) && word.Length > 4 => word[..^2],
        _ when word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 => word[..^2],
        _ when word.EndsWith('s') && word.Length > 3 => word[..^1],
        _ => word,
    };

    private static double Jaccard(HashSet<string> left, HashSet<string> right) =>
        left.Count + right.Count == 0 ? 0 : (double)left.Intersect(right).Count() / left.Union(right).Count();

    private static readonly HashSet<string> StopWords =
        ["the", "and", "for", "with", "when", "that", "this", "from", "into", "our", "all", "add", "use", "are", "its", "before", "after", "than", "more"];

    [GeneratedRegex(
        @"\b(be|being|stay) (more |extra |very )?(careful|vigilant|diligent|aware|mindful|cautious|attentive|alert)\b"
        + @"|\bpay (more |closer |better )?attention\b|\bremember to\b|\bdon'?t forget\b|\bdo not forget\b|\bdouble[- ]check\b"
        + @"|\bcommunicate (better|more)\b|\btake (more )?care\b|\btry harder\b|\bremind (the |all |our )?(team|engineers|developers|people|everyone|on-?call)\b"
        + @"|\bkeep an eye on\b|\bkeep (a close )?watch on\b|\braise awareness\b|\bmore discipline\b|\b(always|never) (forget|skip)\b|\bbe more (careful|thorough|rigorous)\b"
        + @"|\b(engineers|developers|people|everyone|the team|on-?call) (should|must|need to) (be|remember|always|never|check)\b"
        + @"|\btell (the )?(team|engineers|everyone)\b|\bmake sure (we|people|everyone|engineers|the team|to)\b")]
    private static partial Regex EmptyPromise();

    [GeneratedRegex(
        @"^(let'?s |we should |we need to |need to |team to |please )?(investigate|look (into|at)|review|re-?review|discuss|analy[sz]e|evaluate|consider|explore|research|follow[- ]up( on)?|check( on)?|assess|study|revisit|re-?examine|think about|figure out|understand|brainstorm|dig into|sync (on|with|about)|talk (to|about)|determine|find out|examine)\b")]
    private static partial Regex OutcomelessActivity();

    /// <summary>An activity that goes on to a concrete change: "review the runbook and add the rollback step".</summary>
    [GeneratedRegex(@"(\b(and|then|to)|:) (add|remove|delete|implement|document|deploy|enable|disable|change|fix|migrate|replace|automate|block|create|write|ship|set|raise|lower|alert|page|publish|update)\b")]
    private static partial Regex ConcreteFollowThrough();

    [GeneratedRegex(
        @"\b(more|additional|extra|some|better|further|proper|enough|new)( unit| integration| e2e| end-to-end| automated)? (tests?|testing|test coverage|coverage|alerts?|alerting|monitoring|monitors|logging|logs|metrics|dashboards?|documentation|docs|runbooks?|validation|checks|observability|safeguards|guardrails|training)\b"
        + @"|\bmonitor(ing)? better\b|\btest (more|better)\b|\b(more|better) (thorough|careful) testing\b")]
    private static partial Regex UnscopedWork();

    /// <summary>A title that is only a verb and a generic noun: "Add logging", "Tests for the checkout service".</summary>
    [GeneratedRegex(
        @"^((add|write|create|set up|setup|implement|get|do|introduce) )?(a |an |the |some )?(unit |integration |e2e |automated |load )?(tests?|testing|alerts?|alerting|monitoring|monitors?|logging|logs|metrics|dashboards?|documentation|docs|runbooks?|validation|observability|coverage)( (for|on|in|around|of) (the |our )?[\w-]+( [\w-]+)?)?$")]
    private static partial Regex BareGenericWork();

    [GeneratedRegex(
        @"^(improve|enhance|optimi[sz]e|strengthen|harden|streamline|tighten|address|fix|clean up|tidy up|sort out|rework|refactor|revamp|upgrade|modernize|ensure)\b"
        + @"|\b(better|improved|stronger|smoother|more (robust|resilient|reliable|stable|secure|scalable|efficient|effective)|safer|robust(ness)?|resilien(t|ce)|reliab(le|ility))\b"
        + @"|\bmonitor better\b|\bfix (flaky|issues|problems|things|the issues?)\b")]
    private static partial Regex VagueImprovement();

    [GeneratedRegex(
        @"\d|%|[<>≥≤=]|\b[a-z0-9]+[-_./][a-z0-9]+|\b(by|via) (adding|removing|moving|switching|replacing|enabling|setting|raising|lowering|capping|splitting|caching|migrating|using)\b"
        + @"|\bthat (blocks?|pages?|fails?|rejects?|alerts?|stops?|prevents?|rolls? back|halts?|warns?)\b|\b(when|if|whenever) [a-z]+ (exceeds?|drops?|fails?|rises?|falls?|is|are|goes|reaches|crosses)\b"
        + @"|\bper (minute|second|hour|request|deploy|region)\b")]
    private static partial Regex SpecificMarker();

    /// <summary>A number, a threshold or a named thing in a definition of done.</summary>
    [GeneratedRegex(@"\d|%|[<>≥≤=]|\b[a-z0-9]+[-_./][a-z0-9]+")]
    private static partial Regex MeasuredQuantity();

    [GeneratedRegex(
        @"\b(merged|deployed|released|shipped|passes|passing|pass|fires?|fired|paged|blocks?|blocked|rejects?|returns?|linked|published|enabled|disabled|runs?|running|shows?|exists?|removed|added|documented|rotated|renewed|alerted|fails?|green|in ci|in staging|in production|on the dashboard|rolled out|configured|enforced|automated|verified|measured|below|above|under|within|zero|no longer|drill|game ?day|signed off|approved)\b")]
    private static partial Regex ObservableResult();

    [GeneratedRegex(
        @"^(done|complete|completed|finished|tbd|n/?a|-|\?|ongoing|as needed|when done|when finished|yes|ok)\.?$|\b(better|improved|happy|satisfied|feel|feels|confident|good enough|looks good|as needed|when possible|best effort|more robust|more reliable|is good|are good|nicer|cleaner)\b")]
    private static partial Regex UnmeasurableResult();

    [GeneratedRegex(
        @"\b(team|teams|squad|guild|group|crew|department|dept|tribe|chapter|on-?call|rotation|everyone|everybody|engineers|developers|devs|ops|sre|sres|infra|infrastructure|platform|dba|dbas|devops|eng|engineering|support|management|leads|staff|folks|committee|owners)\b")]
    private static partial Regex TeamWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[a-z0-9][a-z0-9_-]*")]
    private static partial Regex Word();
}

using System.Text.RegularExpressions;

namespace IncidentPlatform.Reviews.Domain.Language;

/// <summary>
/// Finds sentences that make a person the cause of an incident ("John deployed buggy code", "X forgot to…", "human
/// error", "should have", "careless") and proposes a systemic reframing ("the deployment process allowed…").
/// A sentence where a person acts without failing ("John mitigated the incident by rolling back") is not blame;
/// neither is a system that fails ("Redis failed to elect a primary"). The rules are ordered: the first that matches
/// a sentence explains it.
/// </summary>
public static partial class BlamelessLanguage
{
    public static IReadOnlyList<BlameFinding> Check(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var findings = new List<BlameFinding>();
        foreach (Match sentence in Sentence().Matches(text))
        {
            if (FindIn(sentence.Value) is { } finding)
            {
                var leading = sentence.Value.Length - sentence.Value.TrimStart().Length;
                var trimmed = sentence.Value.Trim();
                findings.Add(new BlameFinding(
                    field, sentence.Index + leading, trimmed.Length, trimmed, finding.Phrase, finding.Rule, finding.Explanation, finding.Suggestion));
            }
        }

        return findings;
    }

    private sealed record RuleMatch(string Phrase, BlameRule Rule, string Explanation, string Suggestion);

    private static RuleMatch? FindIn(string sentence)
    {
        if (Verdict().Match(sentence) is { Success: true } verdict)
        {
            return new RuleMatch(verdict.Value, BlameRule.PersonalVerdict,
                $"\"{verdict.Value}\" is a verdict on a person; it ends the inquiry where the learning starts.",
                "Describe the conditions that made the action easy to get wrong, e.g. \"The console offered no confirmation before deleting a production cluster.\"");
        }

        if (Hindsight().Match(sentence) is { Success: true } hindsight)
        {
            return new RuleMatch(hindsight.Value, BlameRule.Hindsight,
                $"\"{hindsight.Value}\" judges a decision with what we know now, not what was known at the time.",
                "Say what was known and what was missing at the time, e.g. \"The dashboards available at 14:25 did not show the error rate by version.\"");
        }

        if (PassiveBlame().Match(sentence) is { Success: true } passive && IsPerson(passive.Groups["person"].Value))
        {
            return new RuleMatch(passive.Value.Trim(), BlameRule.PersonAsCause,
                $"It names {passive.Groups["person"].Value} as the cause; ask what made the step easy to get wrong.",
                "Name the missing safeguard: \"Nothing prevented or flagged this change (no review, validation or alert).\"");
        }

        // A person can be the subject of any clause: "Although the runbook was clear, Ana skipped…", "…because Wojciech hard-coded…".
        foreach (var clause in Clauses(sentence))
        {
            if (FindInClause(clause) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    private static IEnumerable<string> Clauses(string sentence)
    {
        yield return sentence;
        foreach (Match boundary in ClauseStart().Matches(sentence))
        {
            yield return sentence[(boundary.Index + boundary.Length)..];
        }
    }

    private static RuleMatch? FindInClause(string sentence)
    {
        if (Omission().Match(sentence) is { Success: true } omission && IsPerson(omission.Groups["subject"].Value))
        {
            var what = omission.Groups["what"].Value.Trim();
            return new RuleMatch(omission.Groups["verb"].Value, BlameRule.PersonAsCause,
                $"It names {omission.Groups["subject"].Value.Trim()}'s omission as the cause; ask what made it easy to miss.",
                what.Length > 0
                    ? $"Nothing in the process ensured this step happened: \"No check or automation required '{what}' before continuing.\""
                    : "Name the missing safeguard: \"No check, alert or automation covered this step.\"");
        }

        if (FaultyChange().Match(sentence) is { Success: true } change && IsPerson(change.Groups["subject"].Value))
        {
            return new RuleMatch(change.Value.Trim(), BlameRule.PersonBlamedForChange,
                $"It makes {change.Groups["subject"].Value.Trim()} the cause of the failure rather than the system that let the change through.",
                "The deployment process allowed the change to reach production without catching this failure mode; name which safeguard did not exist or did not catch it.");
        }

        return null;
    }

    /// <summary>Pronouns, role nouns and first names are people; a capitalized word on the systems list is not.</summary>
    private static bool IsPerson(string subject)
    {
        var words = subject.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return false;
        }

        var last = words[^1].TrimEnd(',', ':');
        if (PersonWords.Contains(last) || PersonWords.Contains(string.Join(' ', words)))
        {
            return true;
        }

        // A bare capitalized name ("John", "Priya", "John Smith") that is not a system or a sentence-start article.
        return words.Length <= 2
            && words.All(w => w.Split('-').All(part => part.Length > 1 && char.IsUpper(part[0]) && part.Skip(1).All(char.IsLower)))
            && !words.Any(w => NotPeople.Contains(w));
    }

    private static readonly HashSet<string> PersonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "he", "she", "someone", "somebody", "nobody", "they", "we", "I", "you",
        "engineer", "engineers", "developer", "developers", "dev", "operator", "operators", "admin", "administrator",
        "on-call", "oncall", "on-caller", "sre", "responder", "intern", "contractor", "reviewer", "author", "team", "teammate",
        "lead", "manager", "tester", "qa", "person", "human", "colleague", "hire", "employee", "staff",
    };

    private static readonly HashSet<string> NotPeople = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "This", "That", "These", "Those", "Our", "Its", "It", "Their", "Each", "Every", "No", "Some", "After", "Before",
        "When", "While", "During", "Then", "Once", "Monitoring", "Alerting", "Deployment", "Deploys", "Traffic", "Latency", "Checkout",
        "Redis", "Kafka", "Kubernetes", "Postgres", "PostgreSQL", "Nginx", "Envoy", "Istio", "Terraform", "Jenkins", "Argo", "Consul",
        "Vault", "Elasticsearch", "Cassandra", "Mongo", "MongoDB", "Memcached", "Docker", "Helm", "Grafana", "Prometheus", "Datadog",
        "PagerDuty", "Opsgenie", "Slack", "Sentry", "Jenkins", "GitHub", "GitLab", "CircleCI", "Splunk", "Okta", "Vercel", "Heroku", "Cloudflare", "Akamai", "Stripe", "Linux", "Java", "Node", "Python", "Go", "Spark", "Airflow",
    };

    [GeneratedRegex(@"(?:[^.!?\n]|[.!?](?=\S))+(?:[.!?]+(?=\s|$)|\n|$)")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"\b(?:human error|operator error|user error|pilot error|careless(?:ness|ly)?|negligen(?:t|ce)|sloppy|sloppiness|incompeten(?:t|ce)|reckless(?:ly|ness)?|lazy|laziness|(?:his|her|their|my|our|your|\w+'s) fault|at fault|to blame|blamed? (?:on|for)|(?:we|I|they) blame|dropped the ball|screwed up|messed up|wasn't paying attention|was not paying attention|not paying attention|should(?:'ve| have) known better|rookie mistake|stupid mistake)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Verdict();

    [GeneratedRegex(@"\b(?:should(?:'ve| have)|shouldn't have|should not have|could(?:'ve| have) easily|could(?:'ve| have) (?:prevented|avoided|caught)|ought to have|if only|obviously (?:should|needed)|clearly should)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Hindsight();

    [GeneratedRegex(@"^\s*(?:(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]heir)\s+)?(?<subject>(?:[\w-]+\s){0,2}?[\w-]+)\s+(?:(?:just|simply|also|then|again|apparently|unfortunately)\s+)?(?<verb>forgot(?: to)?|failed to|neglected to|ignored|overlooked|missed|skipped|did(?:n't| not) (?:check|test|verify|notice|follow|read|review|validate|look|bother|run|wait|update|monitor|escalate|communicate)|never (?:checked|tested|verified|noticed|followed|read|reviewed|validated)|was(?:n't| not) (?:careful|aware|watching|monitoring))\b(?<what>[^.!?,;]*)")]
    private static partial Regex Omission();

    [GeneratedRegex(@"^\s*(?:(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]heir)\s+)?(?<subject>(?:[\w-]+\s){0,2}?[\w-]+)\s+(?:(?:accidentally|mistakenly|carelessly|wrongly|incorrectly|just)\s+)?(?:(?:broke|misconfigured|misread|took down|brought down|hard-coded|hardcoded|caused (?:the|an|this|a) (?:outage|incident|failure|issue|problem|breakage))\b|(?:deleted|dropped|wiped|truncated|removed|rebooted|restarted|scaled|killed)\b[^.!?]*?\b(?:production|prod|the primary|the wrong|downtime|an outage|the outage)\b|(?:deployed|pushed|shipped|merged|released|committed|wrote|introduced|changed|ran|deleted|dropped)\b[^.!?]*?\b(?:buggy|broken|bad|faulty|wrong|untested|incorrect|unreviewed|a bug|bugs|the bug|a breaking change|the production database|the table)\b)")]
    private static partial Regex FaultyChange();

    [GeneratedRegex(@"\b(?:was|were|got|had been)\s+(?:\w+ly\s+)?(?:ignored|overlooked|missed|skipped|misconfigured|deleted|dropped|broken|forgotten|mishandled|misread)\s+by\s+(?<person>(?:the\s+)?[\w-]+(?:\s[A-Z][\w-]+)?)")]
    private static partial Regex PassiveBlame();

    [GeneratedRegex(@"(?:,\s*|\b(?:that|because|since|when|after|as|so|but)\s+)(?:(?:unfortunately|apparently)\s+)?")]
    private static partial Regex ClauseStart();
}

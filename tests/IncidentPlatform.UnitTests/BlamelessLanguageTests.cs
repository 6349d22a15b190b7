using IncidentPlatform.Reviews.Domain.Language;

namespace IncidentPlatform.UnitTests;

/// <summary>
/// The blameless-language check against a labeled set: sentences a review writer really produces, blaming and
/// blameless, including the tricky ones (a person who acts without failing, a system that fails, "we" owning a gap).
/// </summary>
public sealed class BlamelessLanguageTests(ITestOutputHelper output)
{
    /// <summary>(sentence, is blame). Precision and recall over this set are reported in the issue note.</summary>
    public static readonly (string Sentence, bool Blame)[] LabeledSet =
    [
        // Blaming: verdicts on people.
        ("The outage was caused by human error.", true),
        ("This was a simple operator error during the migration.", true),
        ("Dave was careless when he edited the load balancer config.", true),
        ("The engineer was negligent in skipping the checklist.", true),
        ("It was Maria's fault that the certificate expired.", true),
        ("The on-call engineer dropped the ball on the escalation.", true),
        ("Someone clearly wasn't paying attention to the dashboards.", true),
        ("The deploy went out because of sloppy work by the payments team.", true),
        ("We blame the contractor for the bad migration script.", true),
        ("Frankly, the developer messed up the rollback.", true),
        ("It was a rookie mistake to run the script in production.", true),
        ("Carelessness in code review let the bug through.", true),
        // Blaming: hindsight.
        ("The engineer should have checked the error rate before promoting the canary.", true),
        ("Ops should have known the disk was almost full.", true),
        ("We should've rolled back immediately.", true),
        ("Tom shouldn't have approved the pull request.", true),
        ("The responder could have easily prevented this by reading the runbook.", true),
        ("If only someone had looked at the queue depth earlier.", true),
        ("The alert should have been acknowledged within five minutes.", true),
        // Blaming: a person's omission as the cause.
        ("John forgot to update the feature flag.", true),
        ("The on-call engineer missed the first alert.", true),
        ("Sarah failed to follow the deployment checklist.", true),
        ("He ignored the warning in the CI output.", true),
        ("The developer didn't test the retry path.", true),
        ("Priya neglected to renew the TLS certificate.", true),
        ("The reviewer overlooked the missing index.", true),
        ("We forgot to scale the cache before the sale.", true),
        ("The SRE skipped the canary stage to save time.", true),
        ("Alex never checked the replication lag.", true),
        ("She didn't escalate to the database team.", true),
        // Blaming: a person as the cause of a faulty change.
        ("John deployed buggy code without proper testing.", true),
        ("Kim pushed an untested config change to all regions.", true),
        ("The intern accidentally deleted the production database.", true),
        ("Mark broke the build on Friday evening.", true),
        ("Luis caused the outage by restarting the primary.", true),
        ("The developer introduced a bug in the currency conversion.", true),
        ("Ana misconfigured the firewall rule.", true),
        ("He merged a breaking change into the release branch.", true),
        // Blameless: people acting without failing.
        ("John mitigated the incident by rolling back.", false),
        ("Sarah noticed the spike in 5xx errors at 14:27.", false),
        ("The on-call engineer acknowledged the page within a minute.", false),
        ("Priya restored the database from the 14:00 snapshot.", false),
        ("Kim deployed the fix to production at 15:10.", false),
        ("Alex decided to roll back after comparing error rates by version.", false),
        ("The incident commander opened a bridge and paged the payments team.", false),
        ("Mark posted an update on the status page.", false),
        ("We rolled back to v2.4.0 and errors returned to baseline.", false),
        ("The team reviewed the deploy logs together.", false),
        // Blameless: systems that fail, and systemic framing.
        ("The deployment process allowed code to reach production without catching this failure mode.", false),
        ("Redis failed to elect a new primary after the network partition.", false),
        ("The health check failed to detect the degraded connection pool.", false),
        ("The migration caused the outage by locking the orders table.", false),
        ("Our canary analysis does not compare error rates automatically.", false),
        ("The alert was routed to a channel nobody watches at night.", false),
        ("The runbook did not mention the cache warm-up step.", false),
        ("PagerDuty failed to page the secondary because of a schedule gap.", false),
        ("The dashboards available at 14:25 did not show errors by version.", false),
        ("Connection pool exhaustion under production load went undetected in staging.", false),
        ("The config change reached all regions at once because the rollout tool has no stages.", false),
        ("Nothing in the pipeline required a load test for database changes.", false),
        ("The release broke checkout for 5% of traffic.", false),
        ("Kubernetes evicted the pods when the node ran out of memory.", false),
        ("Two alerts fired within a minute, and the second one was lost in the noise.", false),
        ("The error budget policy does not say who may pause deploys.", false),
        ("Responders believed the spike was caused by a marketing campaign.", false),
        ("The failover took 11 minutes because DNS TTLs were set to 10 minutes.", false),
    ];

    [Fact]
    public void The_labeled_set_has_at_least_60_sentences_of_both_kinds() =>
        Assert.True(LabeledSet.Length >= 60 && LabeledSet.Count(s => s.Blame) >= 25 && LabeledSet.Count(s => !s.Blame) >= 25);

    [Fact]
    public void Precision_and_recall_on_the_labeled_set_are_at_least_90_percent()
    {
        var results = LabeledSet.Select(s => (s.Sentence, s.Blame, Flagged: BlamelessLanguage.Check("text", s.Sentence).Count > 0)).ToList();
        var truePositives = results.Count(r => r.Blame && r.Flagged);
        var precision = (double)truePositives / results.Count(r => r.Flagged);
        var recall = (double)truePositives / results.Count(r => r.Blame);

        output.WriteLine($"labeled {results.Count}: precision {precision:P1}, recall {recall:P1}");
        foreach (var miss in results.Where(r => r.Blame != r.Flagged))
        {
            output.WriteLine($"{(miss.Flagged ? "false positive" : "missed")}: {miss.Sentence}");
        }

        Assert.True(precision >= 0.9, $"precision {precision:P1}");
        Assert.True(recall >= 0.9, $"recall {recall:P1}");
    }

    /// <summary>
    /// A second set written independently of the rules (Data/blame-heldout.txt, <c>true|sentence</c> per line). Its first
    /// run found passive blame ("ignored by Tom") and people in later clauses ("…because Wojciech hard-coded…"); the rules
    /// now cover those, so it is a regression set, and a fresh independent set is the honest measure of what is left.
    /// </summary>
    [Fact]
    public void On_the_held_out_set_precision_and_recall_are_at_least_90_percent()
    {
        var labeled = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "blame-heldout.txt"))
            .Where(line => line.Contains('|'))
            .Select(line => (Blame: line.StartsWith("true|", StringComparison.Ordinal), Sentence: line[(line.IndexOf('|') + 1)..]))
            .ToList();
        var results = labeled.Select(s => (s.Sentence, s.Blame, Flagged: BlamelessLanguage.Check("text", s.Sentence).Count > 0)).ToList();
        var truePositives = results.Count(r => r.Blame && r.Flagged);
        var precision = (double)truePositives / Math.Max(1, results.Count(r => r.Flagged));
        var recall = (double)truePositives / results.Count(r => r.Blame);

        output.WriteLine($"held-out {results.Count}: precision {precision:P1}, recall {recall:P1}");
        foreach (var miss in results.Where(r => r.Blame != r.Flagged))
        {
            output.WriteLine($"{(miss.Flagged ? "false positive" : "missed")}: {miss.Sentence}");
        }

        Assert.True(labeled.Count >= 60);
        Assert.True(precision >= 0.9, $"precision {precision:P1}");
        Assert.True(recall >= 0.9, $"recall {recall:P1}");
    }

    [Fact]
    public void The_worked_examples_blaming_sentence_is_found_with_its_position_and_a_systemic_reframing()
    {
        const string text = "Checkout failed for 22 minutes. John deployed buggy code without proper testing. We rolled back.";

        var finding = Assert.Single(BlamelessLanguage.Check("summary", text));

        Assert.Equal(("summary", BlameRule.PersonBlamedForChange), (finding.Field, finding.Rule));
        Assert.Equal("John deployed buggy code without proper testing.", text.Substring(finding.Start, finding.Length));
        Assert.Contains("deployment process allowed", finding.Suggestion);
    }

    [Fact]
    public void Each_blaming_sentence_of_a_text_is_a_finding_and_the_text_is_left_as_it_is()
    {
        const string text = "Ana forgot to drain the node. The drain script has no dry run.\nThis was human error, and she should have asked.";

        var findings = BlamelessLanguage.Check("wentPoorly[0]", text);

        Assert.Equal([BlameRule.PersonAsCause, BlameRule.PersonalVerdict], findings.Select(f => f.Rule));
        Assert.All(findings, f => Assert.Equal(f.Sentence, text.Substring(f.Start, f.Length)));
    }
}

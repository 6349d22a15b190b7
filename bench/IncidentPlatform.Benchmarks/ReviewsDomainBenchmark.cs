using System.Diagnostics;
using System.Globalization;
using System.Text;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Publishing;
using IncidentPlatform.Reviews.Domain.Timeline;

namespace IncidentPlatform.Benchmarks;

/// <summary>
/// The Reviews service's CPU-bound work, in process: the blame check of a 5,000-word review, and rendering the report
/// of a large review (200 timeline entries) to Markdown, HTML and JSON at publication. No database or network.
/// </summary>
public static class ReviewsDomainBenchmark
{
    public const double BlameCheckGoalMs = 20;
    public const double PublishGoalMs = 100;
    private const int Iterations = 200;
    private static readonly DateTimeOffset ResolvedAt = DateTimeOffset.Parse("2024-03-15T14:45:00Z", CultureInfo.InvariantCulture);
    private static readonly PersonRef Lead = new("lead", "Alex Rivera");

    public static string Run(TextWriter progress)
    {
        var analysis = FiveThousandWordAnalysis();
        var words = analysis.Texts().Sum(t => t.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        var blameReview = Draft(Severity.Sev2);
        blameReview.WriteAnalysis(analysis, new HashSet<Guid>(), ResolvedAt);
        var findings = blameReview.OpenBlameFindings().Count;
        progress.WriteLine($"Blame check: {words:N0} words, {findings} findings; {Iterations} runs…");
        var blame = Measure(() => blameReview.OpenBlameFindings());

        var publishReview = Draft(Severity.Sev3);
        publishReview.WriteAnalysis(analysis, new HashSet<Guid>(), ResolvedAt);
        var timeline = Enumerable.Range(0, 200).Select(i => TimelineEntryCopy.Of(publishReview.OrgId, publishReview.IncidentId, new TimelineEntrySnapshot(
            Guid.NewGuid(), ResolvedAt.AddMinutes(-200 + i), i % 5 == 0 ? "decision" : "signal",
            $"Entry {i}: error rate on checkout-api at {i % 7}.{i % 10}% while the canary took 5% of traffic <b>and</b> & more", "PagerDuty",
            i % 3 == 0 ? "learnedLater" : "knownAtTheTime", i % 20 == 0, Lead, 1))).ToList();
        progress.WriteLine($"Publish: 200 timeline entries, {words:N0}-word analysis; {Iterations} renders…");
        var html = 0;
        var publish = Measure(() => html = ReviewReport.Publish(publishReview, timeline, 1, null, Lead, ResolvedAt).Html.Length);

        var text = new StringBuilder();
        text.AppendLine("# Reviews domain benchmark");
        text.AppendLine();
        text.AppendLine($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; in process, {Iterations} runs after 20 warm-up runs.");
        text.AppendLine();
        text.AppendLine("| Metric | p50 | p95 | p99 | Goal | Met |");
        text.AppendLine("|---|---|---|---|---|---|");
        Row(text, $"Blame check, {words:N0}-word review ({findings} findings)", blame, BlameCheckGoalMs);
        Row(text, $"Publish: render 200-entry report to Markdown + HTML + JSON ({html / 1024:N0} kB HTML)", publish, PublishGoalMs);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string metric, double[] sorted, double goalMs)
    {
        var p95 = LatencySummary.NearestRank(sorted, 0.95);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {metric} | {LatencySummary.NearestRank(sorted, 0.5):0.00} ms | {p95:0.00} ms | {LatencySummary.NearestRank(sorted, 0.99):0.00} ms | p95 < {goalMs:0} ms | {(p95 < goalMs ? "yes" : "no")} |");
    }

    private static double[] Measure(Action work)
    {
        for (var i = 0; i < 20; i++)
        {
            work();
        }

        var samples = new double[Iterations];
        for (var i = 0; i < Iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            work();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples;
    }

    /// <summary>About 5,000 words in every field, mostly blameless with some blame, as a long SEV1/SEV2 review reads.</summary>
    private static ReviewAnalysis FiveThousandWordAnalysis()
    {
        string[] sentences =
        [
            "The deployment pipeline promoted the canary after five minutes without comparing its error rate to the baseline.",
            "Responders saw the alert in a channel that also carried low-priority notifications, so it was noticed late.",
            "John deployed buggy code without proper testing.",
            "The connection pool was sized for staging traffic, which never exercises the payment provider's slow path.",
            "The on-call engineer should have checked the dashboard before acknowledging.",
            "Rolling back took four minutes because the runbook link pointed to an archived page.",
            "Nobody noticed that the retry policy doubled the load on the database during the incident.",
            "The team considered a feature flag but decided a rollback was faster and better understood.",
        ];
        var paragraph = string.Join(' ', Enumerable.Range(0, 12).Select(i => sentences[i % sentences.Length]));
        // Summary and human context are prose fields of up to 20,000 characters; the rest are items of up to 2,000.
        var prose = string.Join(' ', Enumerable.Range(0, 100).Select(i => sentences[i % sentences.Length]));
        var items = Enumerable.Range(0, 10).Select(i => sentences[i % sentences.Length]).ToList();
        return new ReviewAnalysis(
            Summary: prose,
            FiveWhys: [.. items.Take(8)],
            ContributingFactors: [.. items.Select((d, i) => new ContributingFactor(d, (FactorCategory)(i % 5), (FactorRole)(i % 3)))],
            HumanContext: prose,
            WentWell: [paragraph, .. items],
            WentPoorly: [paragraph, .. items],
            GotLucky: [.. items],
            ResponseEvaluation: new ResponseEvaluation(paragraph, paragraph, paragraph, paragraph, paragraph, paragraph),
            LessonsLearned: [paragraph, .. items],
            References: ["https://grafana.example.com/d/checkout-api"]);
    }

    private static Review Draft(Severity severity) => Review.OpenDraft(
        new IncidentResolved(Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors", severity, ["checkout-api"], Lead,
            ResolvedAt.AddMinutes(-22), ResolvedAt.AddMinutes(-18), ResolvedAt, ResolvedAt),
        ReviewPolicy.DefaultFor(Guid.NewGuid()), ResolvedAt);
}

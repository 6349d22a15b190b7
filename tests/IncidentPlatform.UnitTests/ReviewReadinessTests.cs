using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Publishing;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class ReviewReadinessTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2024-03-16T09:00:00Z");
    private static readonly HashSet<Guid> NoTimeline = [];
    private static readonly PersonRef Lead = new("lead-oid", "Alex Rivera");

    [Fact]
    public void An_empty_SEV2_review_misses_every_section_its_severity_requires_and_scores_low()
    {
        var readiness = ReviewReadiness.Of(Draft(Severity.Sev2));

        Assert.Equal(["summary", "fiveWhys", "contributingFactors", "wentWell", "wentPoorly", "lessonsLearned", "actionItems", "facilitator"],
            readiness.Checks.Where(c => !c.Passed).Select(c => c.Key));
        Assert.Equal(11, readiness.Score); // 1 of 9 checks (blameless language) passes
    }

    [Fact]
    public void A_SEV4_note_needs_only_a_summary_in_blameless_words()
    {
        var review = Draft(Severity.Sev4);
        review.WriteAnalysis(new ReviewAnalysis(Summary: "Canary caught a bad config before any user saw it."), NoTimeline, Now);

        Assert.True(ReviewReadiness.Of(review).IsReady);
        Assert.Equal(1, review.Publish(null, [], Lead, Now).Version);
    }

    [Fact]
    public void Only_a_trigger_is_not_enough_factors_and_blame_blocks_until_fixed_or_accepted()
    {
        var review = Draft(Severity.Sev3);
        review.WriteAnalysis(new ReviewAnalysis(
            Summary: "Search latency doubled. Dana forgot to schedule the rebuild off-peak.",
            FiveWhys: ["An index rebuild ran during peak traffic."],
            ContributingFactors: [new ContributingFactor("The rebuild started at peak.", FactorCategory.Process, FactorRole.Trigger)]), NoTimeline, Now);

        var failing = ReviewReadiness.Of(review).Checks.Where(c => !c.Passed).Select(c => c.Key).ToList();
        var refused = Assert.Throws<ValidationException>(() => review.Publish(null, [], Lead, Now));
        var finding = Assert.Single(review.OpenBlameFindings());
        review.AcceptFinding(finding.Field, finding.Sentence, "Dana asked for it to stay as written.", Lead, Now);

        Assert.Equal(["contributingFactors", "blamelessLanguage"], failing);
        Assert.Equal(["contributingFactors", "blamelessLanguage"], refused.Errors.Keys);
        Assert.Equal(["contributingFactors"], ReviewReadiness.Of(review).Checks.Where(c => !c.Passed).Select(c => c.Key));
    }

    private static Review Draft(Severity severity) => Review.OpenDraft(
        new IncidentResolved(Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout errors", severity, ["checkout-api"], Lead,
            Now.AddHours(-20), Now.AddHours(-19), Now.AddHours(-18), Now),
        ReviewPolicy.DefaultFor(Guid.NewGuid()),
        Now);

    [Fact]
    public void A_factor_links_only_to_entries_of_its_incidents_timeline()
    {
        var review = Draft(Severity.Sev3);
        var (known, unknown) = (Guid.NewGuid(), Guid.NewGuid());
        var analysis = new ReviewAnalysis(ContributingFactors:
        [
            new ContributingFactor("The rebuild started at peak.", FactorCategory.Process, FactorRole.Trigger, [known]),
            new ContributingFactor("Nothing paused the rebuild under load.", FactorCategory.Tools, FactorRole.Amplifier, [known, unknown]),
        ]);

        var refused = Assert.Throws<ValidationException>(() => review.WriteAnalysis(analysis, new HashSet<Guid> { known }, Now));

        Assert.Equal(["contributingFactors[1].timelineEntryIds[1]"], refused.Errors.Keys);
        Assert.Contains(unknown.ToString(), refused.Errors["contributingFactors[1].timelineEntryIds[1]"][0]);
        Assert.True(review.WriteAnalysis(analysis, new HashSet<Guid> { known, unknown }, Now));
    }
}

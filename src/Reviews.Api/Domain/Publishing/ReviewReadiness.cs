using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Analysis;
using IncidentPlatform.Reviews.Domain.Language;

namespace IncidentPlatform.Reviews.Domain.Publishing;

/// <summary>One check of the readiness list: what it asks, whether it passes, and what to do when it does not.</summary>
public sealed record ReadinessCheck(string Key, string Requirement, bool Passed, string? Missing);

/// <summary>The checks a review must pass before it is published, and the share that pass (0–100).</summary>
public sealed record ReviewReadiness(IReadOnlyList<ReadinessCheck> Checks)
{
    public int Score => Checks.Count == 0 ? 100 : (int)Math.Round(100.0 * Checks.Count(c => c.Passed) / Checks.Count);

    public bool IsReady => Checks.All(c => c.Passed);

    /// <summary>
    /// The sections a severity requires, at least one contributing factor beyond the trigger (an incident has several
    /// causes, not one), actions for SEV1/SEV2, a neutral facilitator when the review meets, and no blame finding left
    /// open (fixed, or accepted with a reason).
    /// </summary>
    public static ReviewReadiness Of(Review review) => Of(review, review.OpenBlameFindings());

    /// <summary>The readiness, given the review's open blame findings (when the caller has them already).</summary>
    public static ReviewReadiness Of(Review review, IReadOnlyList<BlameFinding> openFindings)
    {
        var analysis = review.Analysis;
        var severe = review.Severity is Severity.Sev1 or Severity.Sev2;
        var needsWhys = review.Severity is not Severity.Sev4;
        var checks = new List<ReadinessCheck>
        {
            Check("summary", "A summary of what happened and what it affected.", analysis.Summary is not null, "Write the summary."),
        };

        if (needsWhys)
        {
            var minimum = severe ? 3 : 1;
            checks.Add(Check("fiveWhys", $"A 5-whys chain of at least {minimum} step{(minimum > 1 ? "s" : "")}, from surface cause to root condition.",
                (analysis.FiveWhys?.Count ?? 0) >= minimum, $"Add {minimum - (analysis.FiveWhys?.Count ?? 0)} more step(s) to the 5-whys chain."));
            checks.Add(Check("contributingFactors", "At least one contributing factor beyond the trigger (an amplifier or recovery friction).",
                (analysis.ContributingFactors ?? []).Any(f => f.Role != FactorRole.Trigger),
                "Name what made it worse or slowed recovery, not only what set it off."));
        }

        if (severe)
        {
            checks.Add(Check("wentWell", "What went well.", (analysis.WentWell?.Count ?? 0) > 0, "Say what went well, so it is kept."));
            checks.Add(Check("wentPoorly", "What went poorly.", (analysis.WentPoorly?.Count ?? 0) > 0, "Say what went poorly."));
            checks.Add(Check("lessonsLearned", "Lessons learned.", (analysis.LessonsLearned?.Count ?? 0) > 0, "Write the lessons learned."));
            checks.Add(Check("actionItems", "Action items with owners (SEV1/SEV2).", review.ActionItems.Any(a => !a.IsDeclined), "Add at least one action item in Actions (one marked won't do does not count)."));
        }

        if (review.Deadlines.Any(d => d.Step == ReviewRequirement.MeetingHeld))
        {
            var facilitator = review.Roles.Facilitator;
            var involvement = facilitator is null ? null : review.InvolvementOf(facilitator);
            checks.Add(Check("facilitator", "A neutral facilitator for the review meeting, not involved in the incident.",
                facilitator is not null && involvement is null,
                facilitator is null ? "Assign a facilitator who was not involved in the incident." : $"{facilitator.DisplayName} {involvement}; assign a neutral facilitator."));
        }

        var open = openFindings.Count;
        checks.Add(Check("blamelessLanguage", "No sentence makes a person the cause (or each is accepted with a reason).",
            open == 0, $"{open} sentence(s) read as blame: reframe them systemically, or accept each with a reason."));
        return new ReviewReadiness(checks);
    }

    private static ReadinessCheck Check(string key, string requirement, bool passed, string missing) =>
        new(key, requirement, passed, passed ? null : missing);
}

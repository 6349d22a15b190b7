using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain;

namespace IncidentPlatform.UnitTests;

public sealed class ReviewRequirementTests
{
    private static readonly DateTimeOffset ResolvedAt = DateTimeOffset.Parse("2024-03-15T14:45:00Z");

    [Fact]
    public void A_SEV1_gets_a_formal_meeting_within_3_days_for_leadership_and_engineering()
    {
        var requirement = ReviewRequirement.For(Severity.Sev1);

        Assert.Equal(ReviewFormat.FormalMeeting, requirement.Format);
        Assert.Equal(ReviewAudience.LeadershipAndEngineering, requirement.Audience);
        Assert.Equal(TimeSpan.FromDays(3), requirement.Steps.Single(s => s.Name == "MeetingHeld").DueAfterResolution);
    }

    [Fact]
    public void A_SEV2_follows_the_standard_process_timeline()
    {
        var steps = ReviewRequirement.For(Severity.Sev2).Steps.ToDictionary(s => s.Name, s => s.DueAfterResolution);

        Assert.Equal(TimeSpan.FromHours(24), steps["TimelineDrafted"]);
        Assert.Equal(TimeSpan.FromDays(3), steps["MeetingScheduled"]);
        Assert.Equal(TimeSpan.FromDays(7), steps["MeetingHeld"]);
        Assert.Equal(TimeSpan.FromDays(14), steps["WriteUpPublished"]);
        Assert.Equal(TimeSpan.FromDays(30), steps["ActionsFollowedUp"]);
    }

    [Theory]
    [InlineData(Severity.Sev3)]
    [InlineData(Severity.Sev4)]
    public void Minor_severities_have_no_meeting(Severity severity) =>
        Assert.DoesNotContain(ReviewRequirement.For(severity).Steps, s => s.Name.StartsWith("Meeting", StringComparison.Ordinal));

    [Fact]
    public void A_draft_review_is_owned_by_the_incident_lead_with_deadlines_from_resolution()
    {
        var lead = new PersonRef("lead", "Alex Rivera");
        var resolved = new IncidentResolved(Guid.NewGuid(), Guid.NewGuid(), "INC-2024-042", "Checkout", Severity.Sev2, ["checkout-api"], lead,
            ResolvedAt.AddMinutes(-22), ResolvedAt.AddMinutes(-18), ResolvedAt, ResolvedAt);

        var review = Review.OpenDraft(resolved, ReviewPolicy.DefaultFor(resolved.OrgId), ResolvedAt.AddMinutes(1));

        Assert.Equal(ReviewStatus.Draft, review.Status);
        Assert.Equal(lead, review.Owner);
        Assert.Equal(resolved.OrgId, review.OrgId);
        Assert.Equal(ResolvedAt.AddDays(1), review.Deadlines.Single(d => d.Step == "TimelineDrafted").DueAt);
    }
}

using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Reviews.Domain;

/// <summary>The review's process steps: some are done by what the review does, the others are marked done by people.</summary>
public sealed partial class Review
{
    /// <summary>Steps the review completes itself (scheduling the meeting, publishing); nobody marks them done by hand.</summary>
    private static readonly string[] StepsDoneByTheReview =
        [ReviewRequirement.MeetingScheduled, ReviewRequirement.WriteUpPublished, ReviewRequirement.NoteRecorded];

    /// <summary>Marks a step done by hand: the timeline drafted, a meeting held outside the platform, the 30-day follow-up done.</summary>
    public bool CompleteStep(string step, PersonRef by, DateTimeOffset now)
    {
        var deadline = Deadlines.FirstOrDefault(d => string.Equals(d.Step, step, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException("review step", step);
        if (StepsDoneByTheReview.Contains(deadline.Step))
        {
            throw new ConflictException($"{deadline.Step} is done by the review itself ({(deadline.Step == ReviewRequirement.MeetingScheduled ? "scheduling the meeting" : "publishing")}), not by hand.");
        }

        if (!deadline.Complete(by, now))
        {
            return false;
        }

        Touch(now);
        return true;
    }

    public IEnumerable<ReviewStepDeadline> OverdueSteps(DateTimeOffset now) => Deadlines.Where(d => d.StateAt(now) == ReviewStepState.Overdue);

    private void CompleteStepOnItsOwn(string step, PersonRef by, DateTimeOffset now) =>
        Deadlines.FirstOrDefault(d => d.Step == step)?.Complete(by, now);
}

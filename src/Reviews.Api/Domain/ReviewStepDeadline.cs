using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain;

public enum ReviewStepState
{
    Pending,
    Overdue,
    Done,
}

/// <summary>
/// One step of a review's process with its deadline: done when the review does it (a meeting scheduled or held, a
/// first publication) or when someone marks it done; overdue while it is not done after its deadline, which is
/// announced once (<c>ReviewStepOverdue</c>).
/// </summary>
public sealed class ReviewStepDeadline
{
    private ReviewStepDeadline()
    {
    }

    public ReviewStepDeadline(Guid orgId, string step, DateTimeOffset dueAt) => (OrgId, Step, DueAt) = (orgId, step, dueAt);

    public Guid OrgId { get; private set; }

    public string Step { get; private set; } = "";

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public PersonRef? CompletedBy { get; private set; }

    /// <summary>When the step's overdue event was raised; it is raised once.</summary>
    public DateTimeOffset? OverdueRaisedAt { get; private set; }

    public ReviewStepState StateAt(DateTimeOffset now) =>
        CompletedAt is not null ? ReviewStepState.Done : DueAt < now ? ReviewStepState.Overdue : ReviewStepState.Pending;

    /// <summary>Marks the step done; a step done already stays done at its first completion.</summary>
    public bool Complete(PersonRef by, DateTimeOffset at)
    {
        if (CompletedAt is not null)
        {
            return false;
        }

        // A copy: EF Core tracks owned values by instance, and the same person may own another column pair (e.g. the report's publisher).
        (CompletedAt, CompletedBy) = (at, by with { });
        return true;
    }
}

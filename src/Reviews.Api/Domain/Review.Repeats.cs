using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Reviews.Domain;

public sealed partial class Review
{
    /// <summary>The earlier incident this one repeats, suggested by the knowledge base or set by a person; null if none.</summary>
    public RepeatLink? RepeatOf { get; private set; }

    /// <summary>Suggests the closest earlier published review as the incident this one repeats, when it is close enough.</summary>
    public void SuggestRepeatOf(Guid reviewId, string incidentReference, string title, double score, DateTimeOffset now)
    {
        if (RepeatOf is null && reviewId != Id && score >= RepeatLink.SuggestionThreshold)
        {
            RepeatOf = new RepeatLink(reviewId, incidentReference, title, score, RepeatLinkStatus.Suggested, null, now);
        }
    }

    /// <summary>A person says which earlier incident this one repeats (the suggestion or another one).</summary>
    public bool ConfirmRepeatOf(ReviewIdentity earlier, string decidedBy, DateTimeOffset now)
    {
        if (earlier.ReviewId == Id)
        {
            throw new ValidationException("reviewId", "An incident cannot repeat itself.", 422);
        }

        if (earlier.IncidentStartedAt >= IncidentStartedAt)
        {
            throw new ValidationException("reviewId", $"{earlier.IncidentReference} started after {IncidentReference}; only an earlier incident can be repeated.", 422);
        }

        if (RepeatOf is { Status: RepeatLinkStatus.Confirmed } confirmed && confirmed.ReviewId == earlier.ReviewId)
        {
            return false;
        }

        var score = RepeatOf?.ReviewId == earlier.ReviewId ? RepeatOf.Score : 1;
        RepeatOf = new RepeatLink(earlier.ReviewId, earlier.IncidentReference, earlier.Title, score, RepeatLinkStatus.Confirmed, decidedBy, now);
        Touch(now);
        return true;
    }

    /// <summary>A person says this incident repeats none: the link stays, dismissed, and stops counting.</summary>
    public bool DismissRepeat(string decidedBy, DateTimeOffset now)
    {
        if (RepeatOf is null)
        {
            throw new NotFoundException("repeat link", Id.ToString());
        }

        if (RepeatOf.Status == RepeatLinkStatus.Dismissed)
        {
            return false;
        }

        RepeatOf = RepeatOf with { Status = RepeatLinkStatus.Dismissed, DecidedBy = decidedBy, At = now };
        Touch(now);
        return true;
    }
}

/// <summary>What a repeat link needs to know of the earlier review.</summary>
public sealed record ReviewIdentity(Guid ReviewId, string IncidentReference, string Title, DateTimeOffset IncidentStartedAt);

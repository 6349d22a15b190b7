using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Actions.Domain;

/// <summary>A status move that happened: what the item was, what it is, and why when a reason was needed.</summary>
public sealed record StatusMove(ActionItemStatus From, ActionItemStatus To, string? Reason);

public sealed partial class ActionItem
{
    public const int ReasonMaxLength = 2000;
    public const int MaxEvidence = 50;

    /// <summary>Open → in progress. Starting an item already in progress changes nothing.</summary>
    public StatusMove? Start(PersonRef by, DateTimeOffset now)
    {
        if (Status == ActionItemStatus.InProgress)
        {
            return null;
        }

        EnsureStatus("be started", ActionItemStatus.Open);
        return Move(ActionItemStatus.InProgress, null, by, now);
    }

    /// <summary>Open or in progress → done. Done needs evidence: what it brings, or what was added before.</summary>
    public StatusMove Complete(IReadOnlyList<ActionEvidence> evidence, PersonRef by, DateTimeOffset now)
    {
        EnsureStatus("be marked done", ActionItemStatus.Open, ActionItemStatus.InProgress);
        if (Evidence.Count + evidence.Count == 0)
        {
            throw new ValidationException(
                "evidence", "Done needs evidence of completion: a link to the merged change, the dashboard, the test run or the drill, or a note saying what shows it.", 422);
        }

        AppendEvidence(evidence);
        DoneAt = now;
        ClosedAt = now;
        return Move(ActionItemStatus.Done, null, by, now);
    }

    /// <summary>Done → verified, by someone other than the owner: a second person confirms the evidence shows the change.</summary>
    public StatusMove Verify(PersonRef by, string? note, DateTimeOffset now)
    {
        EnsureStatus("be verified", ActionItemStatus.Done);
        if (string.Equals(by.UserId, Owner.UserId, StringComparison.Ordinal))
        {
            throw new ConflictException($"{Owner.DisplayName} owns this item, so someone else verifies it: a second person confirms the evidence shows the change.");
        }

        VerifiedAt = now;
        VerifiedBy = by;
        return Move(ActionItemStatus.Verified, CheckReason(note, required: false), by, now);
    }

    /// <summary>Open or in progress → won't do, with the reason (accepted risk, superseded, no longer relevant…).</summary>
    public StatusMove Decline(string? reason, PersonRef by, DateTimeOffset now)
    {
        EnsureStatus("be marked won't do", ActionItemStatus.Open, ActionItemStatus.InProgress);
        var why = CheckReason(reason, required: true);
        ClosedAt = now;
        return Move(ActionItemStatus.WontDo, why, by, now);
    }

    /// <summary>Done, verified or won't do → open again, with the reason. Its reminders start over.</summary>
    public StatusMove Reopen(string? reason, PersonRef by, DateTimeOffset now)
    {
        EnsureStatus("be reopened", ActionItemStatus.Done, ActionItemStatus.Verified, ActionItemStatus.WontDo);
        var why = CheckReason(reason, required: true);
        DoneAt = null;
        ClosedAt = null;
        VerifiedAt = null;
        VerifiedBy = null;
        DueSoonRaisedFor = null;
        OverdueRaisedFor = null;
        return Move(ActionItemStatus.Open, why, by, now);
    }

    /// <summary>Adds evidence without changing the status (e.g. before marking it done, or a follow-up measurement).</summary>
    public void AddEvidence(IReadOnlyList<ActionEvidence> evidence, PersonRef by, DateTimeOffset now)
    {
        if (evidence.Count == 0)
        {
            throw new ValidationException("evidence", "Give at least one piece of evidence.", 422);
        }

        AppendEvidence(evidence);
        Touch(new ActionItemChange(now, by, "evidenceAdded", null, null, null, [.. evidence.Select(e => e.Describe())]), now);
    }

    public static ActionEvidence NewEvidence(string? url, string? note, PersonRef by, DateTimeOffset now, int index)
    {
        var errors = new Dictionary<string, string[]>();
        var cleanUrl = TextValues.TrimToNull(url);
        var cleanNote = TextValues.TrimToNull(note);
        if (cleanUrl is null && cleanNote is null)
        {
            errors[$"evidence[{index}]"] = ["Evidence is a link, a note, or both."];
        }
        else if (cleanUrl is not null && !ActionItemFields.IsWebUrl(cleanUrl))
        {
            errors[$"evidence[{index}].url"] = ["An absolute http(s) URL of at most 2048 characters."];
        }
        else if (cleanNote?.Length > TextMaxLength)
        {
            errors[$"evidence[{index}].note"] = [$"At most {TextMaxLength} characters."];
        }

        ThrowIfAny(errors);
        return new ActionEvidence(cleanUrl, cleanNote, by, now);
    }

    private void AppendEvidence(IReadOnlyList<ActionEvidence> evidence)
    {
        if (Evidence.Count + evidence.Count > MaxEvidence)
        {
            throw new ValidationException("evidence", $"An item keeps at most {MaxEvidence} pieces of evidence.", 422);
        }

        Evidence.AddRange(evidence);
    }

    private StatusMove Move(ActionItemStatus to, string? reason, PersonRef by, DateTimeOffset now)
    {
        var move = new StatusMove(Status, to, reason);
        Status = to;
        StatusReason = reason;
        Touch(new ActionItemChange(now, by, "statusChanged", move.From, to, reason, []), now);
        return move;
    }

    private void EnsureStatus(string what, params ActionItemStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new ConflictException(
                $"An item that is {StatusName(Status)} cannot {what}; that needs it to be {string.Join(" or ", allowed.Select(StatusName))}.");
        }
    }

    private static string? CheckReason(string? reason, bool required)
    {
        var why = TextValues.TrimToNull(reason);
        if (required && why is null)
        {
            throw new ValidationException("reason", "Say why; the reason is kept in the item's history.", 422);
        }

        if (why?.Length > ReasonMaxLength)
        {
            throw new ValidationException("reason", $"At most {ReasonMaxLength} characters.", 422);
        }

        return why;
    }

    public static string StatusName(ActionItemStatus status) => status switch
    {
        ActionItemStatus.InProgress => "inProgress",
        ActionItemStatus.WontDo => "wontDo",
        _ => status.ToString().ToLowerInvariant(),
    };
}

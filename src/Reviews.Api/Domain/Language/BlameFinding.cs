namespace IncidentPlatform.Reviews.Domain.Language;

/// <summary>Why a sentence reads as blame (camelCase in JSON).</summary>
public enum BlameRule
{
    /// <summary>"human error", "careless", "negligent", "his fault": a verdict on a person.</summary>
    PersonalVerdict,

    /// <summary>"should have", "could have easily": hindsight judging what was knowable at the time.</summary>
    Hindsight,

    /// <summary>"forgot to", "failed to", "ignored", "didn't check": a person's omission named as the cause.</summary>
    PersonAsCause,

    /// <summary>"John deployed buggy code", "she broke the build": a person as the subject of the failure.</summary>
    PersonBlamedForChange,
}

/// <summary>
/// One sentence of a text field that makes a person the cause. Positions are in UTF-16 code units of the field's
/// text; the checker never edits, it proposes a systemic reframing the author may use or not.
/// </summary>
public sealed record BlameFinding(
    string Field,
    int Start,
    int Length,
    string Sentence,
    string Phrase,
    BlameRule Rule,
    string Explanation,
    string Suggestion);

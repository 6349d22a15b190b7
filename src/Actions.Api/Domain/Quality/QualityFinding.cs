namespace IncidentPlatform.Actions.Domain.Quality;

/// <summary>
/// One thing that makes an action item less likely to get done or to matter: which <paramref name="Code"/>, on which
/// field, why it is a problem, and the seed guide's example of the good version.
/// </summary>
public sealed record QualityFinding(string Code, string Field, string Problem, string Why, string GoodExample);

/// <summary>The codes a finding can have. Wording codes are exclusive: a title gets the one that fits best.</summary>
public static class QualityCodes
{
    public const string EmptyPromise = "emptyPromise";
    public const string Unscoped = "unscoped";
    public const string NoOutcome = "noOutcome";
    public const string Vague = "vague";
    public const string NoMeasurableDone = "noMeasurableDone";
    public const string OwnerMissing = "ownerMissing";
    public const string OwnerIsTeam = "ownerIsTeam";
    public const string DueDateMissing = "dueDateMissing";
    public const string DueBeyondSlo = "dueBeyondSlo";
    public const string DuplicateOfOpenItem = "duplicateOfOpenItem";
    public const string TooManyKeyActions = "tooManyKeyActions";
    public const string NoKeyActions = "noKeyActions";
}

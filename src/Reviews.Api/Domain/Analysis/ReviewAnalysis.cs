using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Text;

namespace IncidentPlatform.Reviews.Domain.Analysis;

/// <summary>Which part of the socio-technical system a factor lies in (camelCase in JSON).</summary>
public enum FactorCategory
{
    People,
    Process,
    Tools,
    Systems,
    Environment,
}

/// <summary>What a factor did: started the incident, made it worse, or slowed the recovery.</summary>
public enum FactorRole
{
    Trigger,
    Amplifier,
    RecoveryFriction,
}

/// <summary>One of several conditions that together made the incident possible, linked to the timeline entries that show it.</summary>
public sealed record ContributingFactor(string Description, FactorCategory Category, FactorRole Role, IReadOnlyList<Guid>? TimelineEntryIds = null);

/// <summary>How each part of the response went; every part optional.</summary>
public sealed record ResponseEvaluation(
    string? Detection = null,
    string? Escalation = null,
    string? Communication = null,
    string? Coordination = null,
    string? Tooling = null,
    string? Decisions = null);

/// <summary>
/// The learning of a review: what happened in brief, the 5-whys chain from surface cause to root condition, the
/// contributing factors (several, not one root cause), the human context, what went well, poorly and where we got
/// lucky, the response evaluation, the lessons and references. Written as a whole; every text is checked for blame.
/// </summary>
public sealed record ReviewAnalysis(
    string? Summary = null,
    IReadOnlyList<string>? FiveWhys = null,
    IReadOnlyList<ContributingFactor>? ContributingFactors = null,
    string? HumanContext = null,
    IReadOnlyList<string>? WentWell = null,
    IReadOnlyList<string>? WentPoorly = null,
    IReadOnlyList<string>? GotLucky = null,
    ResponseEvaluation? ResponseEvaluation = null,
    IReadOnlyList<string>? LessonsLearned = null,
    IReadOnlyList<string>? References = null)
{
    public const int MaxWhys = 10;
    public const int MaxItems = 50;
    public const int TextMaxLength = 20_000;
    public const int ItemMaxLength = 2_000;

    public static readonly ReviewAnalysis Empty = new();

    /// <summary>Every text of the analysis with its field path (<c>fiveWhys[2]</c>, <c>contributingFactors[0].description</c>).</summary>
    public IEnumerable<(string Field, string Text)> Texts()
    {
        if (Summary is not null)
        {
            yield return ("summary", Summary);
        }

        foreach (var (why, i) in (FiveWhys ?? []).Select((w, i) => (w, i)))
        {
            yield return ($"fiveWhys[{i}]", why);
        }

        foreach (var (factor, i) in (ContributingFactors ?? []).Select((f, i) => (f, i)))
        {
            yield return ($"contributingFactors[{i}].description", factor.Description);
        }

        if (HumanContext is not null)
        {
            yield return ("humanContext", HumanContext);
        }

        foreach (var (name, items) in new[] { ("wentWell", WentWell), ("wentPoorly", WentPoorly), ("gotLucky", GotLucky), ("lessonsLearned", LessonsLearned) })
        {
            foreach (var (item, i) in (items ?? []).Select((t, i) => (t, i)))
            {
                yield return ($"{name}[{i}]", item);
            }
        }

        if (ResponseEvaluation is { } evaluation)
        {
            foreach (var (name, text) in new[]
            {
                ("detection", evaluation.Detection), ("escalation", evaluation.Escalation), ("communication", evaluation.Communication),
                ("coordination", evaluation.Coordination), ("tooling", evaluation.Tooling), ("decisions", evaluation.Decisions),
            })
            {
                if (text is not null)
                {
                    yield return ($"responseEvaluation.{name}", text);
                }
            }
        }
    }

    /// <summary>Checks the analysis as written by a user: trims, drops nothing silently, names each bad field (422).</summary>
    /// <param name="timelineEntries">The entries of the incident's timeline as Reviews last heard of them: every linked entry must be one.</param>
    public ReviewAnalysis Checked(IReadOnlySet<Guid> timelineEntries)
    {
        var errors = new Dictionary<string, string[]>();
        var whys = FiveWhys ?? [];
        if (whys.Count > MaxWhys)
        {
            errors["fiveWhys"] = [$"A 5-whys chain has at most {MaxWhys} steps; this one has {whys.Count}. Split it into contributing factors."];
        }

        foreach (var (why, i) in whys.Select((w, i) => (w, i)).Where(w => string.IsNullOrWhiteSpace(w.w)))
        {
            errors[$"fiveWhys[{i}]"] = ["A step of the chain cannot be empty."];
        }

        foreach (var (factor, i) in (ContributingFactors ?? []).Select((f, i) => (f, i)))
        {
            if (string.IsNullOrWhiteSpace(factor.Description))
            {
                errors[$"contributingFactors[{i}].description"] = ["Describe the factor."];
            }

            if (!Enum.IsDefined(factor.Category))
            {
                errors[$"contributingFactors[{i}].category"] = ["Unknown category."];
            }

            if (!Enum.IsDefined(factor.Role))
            {
                errors[$"contributingFactors[{i}].role"] = ["Unknown role."];
            }

            foreach (var (entryId, j) in (factor.TimelineEntryIds ?? []).Select((e, j) => (e, j)).Where(e => !timelineEntries.Contains(e.e)))
            {
                errors[$"contributingFactors[{i}].timelineEntryIds[{j}]"] =
                    [$"{entryId} is not an entry of the incident's timeline (as this service last heard from Incidents; a new entry takes a moment to arrive)."];
            }
        }

        foreach (var (name, count) in new[]
        {
            ("contributingFactors", ContributingFactors?.Count ?? 0), ("wentWell", WentWell?.Count ?? 0), ("wentPoorly", WentPoorly?.Count ?? 0),
            ("gotLucky", GotLucky?.Count ?? 0), ("lessonsLearned", LessonsLearned?.Count ?? 0), ("references", References?.Count ?? 0),
        }.Where(c => c.Item2 > MaxItems))
        {
            errors[name] = [$"At most {MaxItems} items."];
        }

        foreach (var (field, text) in Texts())
        {
            var limit = field is "summary" or "humanContext" ? TextMaxLength : ItemMaxLength;
            if (text.Length > limit)
            {
                errors[field] = [$"At most {limit:N0} characters; this has {text.Length:N0}."];
            }
        }

        foreach (var (reference, i) in (References ?? []).Select((r, i) => (r, i)))
        {
            if (!TextValues.IsWebUrl(reference.Trim()))
            {
                errors[$"references[{i}]"] = ["A reference is an absolute http(s) URL."];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        return new ReviewAnalysis(
            TextValues.TrimToNull(Summary),
            [.. whys.Select(w => w.Trim())],
            [.. (ContributingFactors ?? []).Select(f => f with { Description = f.Description.Trim(), TimelineEntryIds = f.TimelineEntryIds ?? [] })],
            TextValues.TrimToNull(HumanContext),
            Items(WentWell),
            Items(WentPoorly),
            Items(GotLucky),
            ResponseEvaluation,
            Items(LessonsLearned),
            [.. (References ?? []).Select(r => r.Trim())]);
    }

    private static List<string> Items(IReadOnlyList<string>? items) => [.. (items ?? []).Select(i => i.Trim()).Where(i => i.Length > 0)];
}

using IncidentPlatform.Contracts;

namespace IncidentPlatform.Reviews.Domain.Publishing;

/// <summary>A sentence the authors keep although the check reads it as blame, with who decided and why.</summary>
public sealed record AcceptedFinding(string Field, string Sentence, string Reason, PersonRef AcceptedBy, DateTimeOffset AcceptedAt);

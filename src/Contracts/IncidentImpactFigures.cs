namespace IncidentPlatform.Contracts;

/// <summary>An amount of money in an ISO 4217 currency.</summary>
public sealed record MoneyAmount(decimal Amount, string Currency);

/// <summary>
/// What an incident cost its users and the business, as Incidents records it; every figure is optional (unknown is
/// not zero).
/// </summary>
public sealed record IncidentImpactFigures(
    long? AffectedUsers = null,
    long? AffectedCustomers = null,
    long? FailedRequests = null,
    decimal? DowntimeMinutes = null,
    IReadOnlyList<string>? SlasBreached = null,
    MoneyAmount? RevenueEstimate = null,
    int? CustomerEscalations = null,
    int? SupportTickets = null,
    string? Notes = null);

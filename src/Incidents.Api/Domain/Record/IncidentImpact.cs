using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Incidents.Domain.Record;

/// <summary>An amount of money in an ISO 4217 currency (<c>4500 USD</c>).</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>
/// What the incident cost its users and the business, as far as it is known. Every figure is optional: unknown is
/// not zero. <see cref="SlasBreached"/> names the agreements breached (e.g. <c>checkout availability 99.95%</c>).
/// </summary>
public sealed record IncidentImpact(
    long? AffectedUsers = null,
    long? AffectedCustomers = null,
    long? FailedRequests = null,
    decimal? DowntimeMinutes = null,
    IReadOnlyList<string>? SlasBreached = null,
    Money? RevenueEstimate = null,
    int? CustomerEscalations = null,
    int? SupportTickets = null,
    string? Notes = null)
{
    public const int MaxSlas = 20;
    public const int SlaMaxLength = 200;
    public const int NotesMaxLength = 4000;

    public static readonly IncidentImpact Unknown = new();

    /// <summary>True when any figure says users or customers were hurt; a near miss has none.</summary>
    public bool IsCustomerImpacting =>
        AffectedUsers > 0 || AffectedCustomers > 0 || FailedRequests > 0 || DowntimeMinutes > 0 || CustomerEscalations > 0 || SlasBreached is { Count: > 0 };

    /// <summary>Checks figures as given by a user; returns the normalized impact or throws 422 naming each bad field.</summary>
    public IncidentImpact Checked()
    {
        var errors = new Dictionary<string, string[]>();
        NotNegative(errors, "affectedUsers", AffectedUsers);
        NotNegative(errors, "affectedCustomers", AffectedCustomers);
        NotNegative(errors, "failedRequests", FailedRequests);
        NotNegative(errors, "downtimeMinutes", DowntimeMinutes);
        NotNegative(errors, "customerEscalations", CustomerEscalations);
        NotNegative(errors, "supportTickets", SupportTickets);

        var slas = (SlasBreached ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (slas.Count > MaxSlas)
        {
            errors["slasBreached"] = [$"At most {MaxSlas} breached SLAs."];
        }
        else if (slas.Any(s => s.Length > SlaMaxLength))
        {
            errors["slasBreached"] = [$"An SLA name has at most {SlaMaxLength} characters."];
        }

        Money? revenue = null;
        if (RevenueEstimate is { } money)
        {
            var currency = (money.Currency ?? "").Trim().ToUpperInvariant();
            if (money.Amount < 0)
            {
                errors["revenueEstimate.amount"] = ["A revenue estimate cannot be negative."];
            }

            if (!Currencies.IsIso4217(currency))
            {
                errors["revenueEstimate.currency"] = [$"'{money.Currency}' is not an ISO 4217 currency code (e.g. USD, EUR, GBP)."];
            }

            revenue = new Money(decimal.Round(money.Amount, 2), currency);
        }

        var notes = Notes?.Trim();
        if (notes?.Length > NotesMaxLength)
        {
            errors["notes"] = [$"Impact notes have at most {NotesMaxLength:N0} characters."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors, 422);
        }

        return this with { SlasBreached = slas, RevenueEstimate = revenue, Notes = string.IsNullOrEmpty(notes) ? null : notes };
    }

    /// <summary>Compares by value (the SLA list included), so an unchanged impact is not saved again.</summary>
    public bool SameAs(IncidentImpact other) =>
        this with { SlasBreached = null } == other with { SlasBreached = null }
        && (SlasBreached ?? []).SequenceEqual(other.SlasBreached ?? []);

    private static void NotNegative<T>(Dictionary<string, string[]> errors, string field, T? value) where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(default) < 0)
        {
            errors[field] = ["Cannot be negative."];
        }
    }
}

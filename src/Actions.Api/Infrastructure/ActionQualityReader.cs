using IncidentPlatform.Actions.Domain;
using IncidentPlatform.Actions.Domain.Quality;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Actions.Infrastructure;

/// <summary>Runs the quality check with what it needs from the database: the org's SLOs and its open items of earlier incidents.</summary>
public sealed class ActionQualityReader(ActionsDbContext db)
{
    /// <summary>How many open items of the same services are compared for duplicates (the newest).</summary>
    public const int DuplicateCandidates = 500;

    public async Task<IReadOnlyList<QualityFinding>> CheckAsync(
        ActionDraft draft, DateOnly createdOn, Guid? itemId, Guid? incidentId, IReadOnlyList<string> services, CancellationToken cancellationToken)
    {
        var (policy, _) = await db.PolicyOfAsync(db.CurrentOrgId, cancellationToken);
        var findings = ActionQualityCheck.Check(draft, policy, createdOn).ToList();
        if (!string.IsNullOrWhiteSpace(draft.Title) && services.Count > 0)
        {
            var candidates = await OpenItemsOfAsync(services, itemId, cancellationToken);
            if (ActionQualityCheck.FindDuplicate(draft.Title, incidentId ?? Guid.Empty, services, candidates) is ({ } duplicate, _))
            {
                findings.Add(ActionQualityCheck.DuplicateFinding(duplicate));
            }
        }

        return findings;
    }

    public Task<IReadOnlyList<QualityFinding>> CheckAsync(ActionItem item, CancellationToken cancellationToken) =>
        CheckAsync(ActionDraft.Of(item), DateOnly.FromDateTime(item.CreatedAt.UtcDateTime), item.Id, item.IncidentId, item.Services, cancellationToken);

    /// <summary>Each item of the review with its findings, how many key (P1/P2) actions it has, and the findings about the set as a whole.</summary>
    public async Task<(IReadOnlyList<QualityFinding> ReviewFindings, int KeyActions, IReadOnlyList<(ActionItem Item, IReadOnlyList<QualityFinding> Findings)> Items)> ReportAsync(
        KnownReview review, CancellationToken cancellationToken)
    {
        var (policy, _) = await db.PolicyOfAsync(review.OrgId, cancellationToken);
        var items = await db.ActionItems.AsNoTracking().Where(a => a.ReviewId == review.ReviewId).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        var candidates = review.Services.Count > 0 ? await OpenItemsOfAsync(review.Services, null, cancellationToken) : [];
        var perItem = items.Select(item =>
        {
            IReadOnlyList<QualityFinding> findings = item.Status == ActionItemStatus.WontDo ? [] : [.. ActionQualityCheck.Check(ActionDraft.Of(item), policy, DateOnly.FromDateTime(item.CreatedAt.UtcDateTime))];
            if (item.IsOpenWork && ActionQualityCheck.FindDuplicate(item.Title, item.IncidentId, item.Services, candidates.Where(c => c.Id != item.Id)) is ({ } duplicate, _))
            {
                findings = [.. findings, ActionQualityCheck.DuplicateFinding(duplicate)];
            }

            return (item, findings);
        }).ToList();
        var keyActions = items.Count(a => a.Status != ActionItemStatus.WontDo && a.Priority is ActionPriority.P1 or ActionPriority.P2);
        return (ActionQualityCheck.CheckReview(review.Severity, keyActions), keyActions, perItem);
    }

    private async Task<List<OpenItemCandidate>> OpenItemsOfAsync(IReadOnlyList<string> services, Guid? exceptId, CancellationToken cancellationToken)
    {
        var names = services.ToArray();
        var rows = await db.ActionItems.AsNoTracking()
            .Where(a => (a.Status == ActionItemStatus.Open || a.Status == ActionItemStatus.InProgress) && a.Id != exceptId && a.Services.Any(s => names.Contains(s)))
            .OrderByDescending(a => a.Id)
            .Take(DuplicateCandidates)
            .Select(a => new { a.Id, a.IncidentId, a.IncidentReference, a.Title, a.Services })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new OpenItemCandidate(r.Id, r.IncidentId, r.IncidentReference, r.Title, r.Services))];
    }
}

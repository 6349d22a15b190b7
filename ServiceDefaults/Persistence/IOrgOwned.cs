using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>A row that belongs to one organization. The service's DbContext filters every query by it.</summary>
public interface IOrgOwned
{
    Guid OrgId { get; }
}

public static class OrgOwnedModel
{
    internal const string OrgIndexAnnotation = "IncidentPlatform:OrgIndex";

    /// <summary>
    /// Leaves out the index on <c>org_id</c> alone that every org-owned table otherwise gets: for a table whose rows are
    /// only ever reached through another key (a parent's, the primary key), which the org filter rides along. There it
    /// serves no query, costs every insert, and misleads the planner: with statistics taken while an org's rows were
    /// few, a cached plan intersected it with the primary key and read all the org's index entries for a few rows.
    /// </summary>
    public static EntityTypeBuilder<TEntity> HasNoOrgIndex<TEntity>(this EntityTypeBuilder<TEntity> entity)
        where TEntity : class, IOrgOwned =>
        entity.HasAnnotation(OrgIndexAnnotation, false);

    /// <summary>
    /// Whether the table already has a plain b-tree index (or a key) whose first column is <c>org_id</c>: it answers
    /// every lookup by org the index on <c>org_id</c> alone would, so that one would only cost each insert. Partial
    /// indexes and other index methods (GIN) do not count: they serve only some of those lookups.
    /// </summary>
    internal static bool HasOrgLedIndex(IMutableEntityType entity) =>
        entity.GetKeys().Any(key => LeadsWithOrg(key.Properties))
        || entity.GetIndexes().Any(index => index.GetFilter() is null && index.GetMethod() is null && LeadsWithOrg(index.Properties));

    private static bool LeadsWithOrg(IReadOnlyList<IMutableProperty> properties) => properties[0].Name == nameof(IOrgOwned.OrgId);
}

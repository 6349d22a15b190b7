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
}

using IncidentPlatform.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>A <see cref="PersonRef"/> stored as two columns of its owner's table: <c>{prefix}_user_id</c> and <c>{prefix}_display_name</c>.</summary>
public static class PersonColumns
{
    public static void Map<TOwner>(OwnedNavigationBuilder<TOwner, PersonRef> person, string prefix) where TOwner : class
    {
        person.Property(p => p.UserId).HasMaxLength(64).HasColumnName($"{prefix}_user_id");
        person.Property(p => p.DisplayName).HasMaxLength(200).HasColumnName($"{prefix}_display_name");
    }
}

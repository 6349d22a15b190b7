using System.Text.Json;
using IncidentPlatform.ServiceDefaults.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>Values stored as one jsonb column, in the API's JSON conventions, compared by value so that a change is saved.</summary>
public static class JsonColumns
{
    /// <summary>A list of value records; adding to or replacing an item is a change.</summary>
    public static PropertyBuilder<List<T>> StoreAsJsonList<T>(this PropertyBuilder<List<T>> property) => property
        .HasColumnType("jsonb")
        .HasConversion(
            items => JsonSerializer.Serialize(items, JsonConventions.Default),
            json => JsonSerializer.Deserialize<List<T>>(json, JsonConventions.Default) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (left, right) => left!.SequenceEqual(right!),
                items => items.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
                items => items.ToList()));

    /// <summary>One immutable value (which may hold lists); two values are the same when their JSON is.</summary>
    public static PropertyBuilder<T> StoreAsJson<T>(this PropertyBuilder<T> property, T whenNull) where T : class => property
        .HasColumnType("jsonb")
        .HasConversion(
            value => JsonSerializer.Serialize(value, JsonConventions.Default),
            json => JsonSerializer.Deserialize<T>(json, JsonConventions.Default) ?? whenNull,
            new ValueComparer<T>(
                (left, right) => JsonConventions.SameJson(left, right),
                value => JsonSerializer.Serialize(value, JsonConventions.Default).GetHashCode(StringComparison.Ordinal),
                value => value));
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace IncidentPlatform.ServiceDefaults.Persistence;

/// <summary>
/// Inserts many rows of one entity type with PostgreSQL's binary COPY, in the context's current transaction, so a bulk
/// write still commits together with its outbox event. Columns and values come from the EF model (value converters
/// and owned values included, computed columns left to the database), so the mapping cannot drift from the one EF uses.
/// The entities are not tracked afterwards.
/// </summary>
public static class BulkInsert
{
    public static async Task CopyAsync<TEntity>(this DbContext db, IReadOnlyCollection<TEntity> entities, CancellationToken cancellationToken)
        where TEntity : class
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A bulk insert must run in a transaction, so that it commits with its events or not at all.");
        }

        if (db is ServiceDbContext serviceDb)
        {
            foreach (var owned in entities.OfType<IOrgOwned>())
            {
                serviceDb.EnsureOfCurrentOrg(owned, "copy");
            }
        }

        var copy = Copies.GetOrAdd((db.Model, typeof(TEntity)), static (key, contextType) => CopyOf(key.Model, key.EntityType, contextType), db.GetType());
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(copy.Command, cancellationToken);
        foreach (var entity in entities)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in copy.Columns)
            {
                var value = column.Read(entity);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, column.StoreType, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private sealed record Column(string Name, string StoreType, Func<object, object?> Read);

    private sealed record Copy(string Command, IReadOnlyList<Column> Columns);

    // The model is built once per context type, so this holds a few entries; read from the model on every call, the
    // columns cost more than the rows when a message copies ten of them.
    private static readonly ConcurrentDictionary<(IModel Model, Type EntityType), Copy> Copies = new();

    private static Copy CopyOf(IModel model, Type clrType, Type contextType)
    {
        var entityType = model.FindEntityType(clrType)
            ?? throw new InvalidOperationException($"{clrType.Name} is not part of {contextType.Name}'s model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = Columns(entityType, table).ToList();
        var columnList = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        return new Copy($"COPY \"{table.Name}\" ({columnList}) FROM STDIN (FORMAT BINARY)", columns);
    }

    private static IEnumerable<Column> Columns(IEntityType entityType, StoreObjectIdentifier table)
    {
        foreach (var property in entityType.GetProperties().Where(p => p.GetComputedColumnSql() is null))
        {
            var clrProperty = property.PropertyInfo
                ?? throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is a shadow property; bulk insert can't read it.");
            yield return ColumnOf(property, table, clrProperty.GetValue);
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection))
        {
            // An owned value shares its owner's row; its own key is the owner's id, written above.
            foreach (var property in navigation.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()))
            {
                yield return ColumnOf(property, table, entity =>
                    navigation.PropertyInfo!.GetValue(entity) is { } owned ? property.PropertyInfo!.GetValue(owned) : null);
            }
        }
    }

    private static Column ColumnOf(IProperty property, StoreObjectIdentifier table, Func<object, object?> read)
    {
        var converter = property.GetTypeMapping().Converter;
        return new Column(
            property.GetColumnName(table)!,
            property.GetColumnType(),
            entity =>
            {
                var value = read(entity);
                return value is not null && converter is not null ? converter.ConvertToProvider(value) : value;
            });
    }
}

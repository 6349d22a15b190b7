using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace IncidentPlatform.ServiceDefaults.Persistence;

public static class CommandReading
{
    /// <summary>
    /// A plain command on the context's connection inside <paramref name="transaction"/>: for statements that run for
    /// every request or message, where EF's building of a raw-SQL command each time costs more than the statement.
    /// </summary>
    public static NpgsqlCommand CreateCommand(this DbContext db, IDbContextTransaction transaction, string sql = "") => new()
    {
        Connection = (NpgsqlConnection)db.Database.GetDbConnection(),
        Transaction = (NpgsqlTransaction)transaction.GetDbTransaction(),
        CommandText = sql,
    };

    /// <summary>Runs a query written in SQL and maps each row it returns.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadResultAsync(read, cancellationToken);
    }

    /// <summary>Maps each row of the reader's current result, then moves to the next result (of a batch).</summary>
    public static async Task<List<T>> ReadResultAsync<T>(this DbDataReader reader, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        return rows;
    }
}

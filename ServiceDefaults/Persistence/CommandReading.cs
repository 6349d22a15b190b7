using System.Data.Common;

namespace IncidentPlatform.ServiceDefaults.Persistence;

public static class CommandReading
{
    /// <summary>Runs a query written in SQL and maps each row it returns.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}

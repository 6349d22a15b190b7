using System.Buffers.Binary;
using System.Runtime.InteropServices;
using IncidentPlatform.Contracts;
using IncidentPlatform.Incidents.Domain;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;

namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// One org's incidents started in one UTC month, column by column as the segment build packed them: each column a run
/// of big-endian values in incident order (started: seconds since the month began, float8; severity and kind codes,
/// int2, 1-based into the names the segment was built with, kind 0 unclassified; customer impact, one byte; the five
/// response times in minutes, float8, NaN when not reached), then the service occurrences (incident index, int4, and
/// service code, int2, 1-based into <see cref="ServiceNames"/>). Immutable once read, so replicas keep them in memory.
/// </summary>
public sealed class IncidentMetricSegment
{
    public const int ResponseTimeCount = 5;

    /// <summary>Bytes per incident: started (8), severity and kind (2 + 2), customer impact (1), five response times (8 each).</summary>
    private const int IncidentBytes = 8 + 2 + 2 + 1 + (ResponseTimeCount * 8);
    private const int OccurrenceBytes = 4 + 2;

    private readonly byte[] columns;

    public IncidentMetricSegment(DateOnly month, long builtFrom, string[] severityNames, string[] kindNames, string[] serviceNames, int count, byte[] columns)
    {
        var length = columns.Length;
        Occurrences = (length - (count * IncidentBytes)) / OccurrenceBytes;
        if (count < 0 || Occurrences < 0 || length != (count * IncidentBytes) + (Occurrences * OccurrenceBytes))
        {
            throw new InvalidDataException($"The metric segment of {month:yyyy-MM} holds {length} bytes, which does not fit {count} incidents.");
        }

        (Month, BuiltFrom, SeverityNames, KindNames, ServiceNames, Count, this.columns) = (month, builtFrom, severityNames, kindNames, serviceNames, count, columns);

        // PostgreSQL sends big-endian: turn every column to this machine's order once, in place.
        var bytes = columns.AsSpan(0, length);
        ToNative(MemoryMarshal.Cast<byte, long>(bytes[..(count * 8)]));
        ToNative(MemoryMarshal.Cast<byte, short>(bytes.Slice(count * 8, count * 4)));
        ToNative(MemoryMarshal.Cast<byte, long>(bytes.Slice(count * 13, count * ResponseTimeCount * 8)));
        ToNative(MemoryMarshal.Cast<byte, int>(bytes.Slice(count * IncidentBytes, Occurrences * 4)));
        ToNative(MemoryMarshal.Cast<byte, short>(bytes.Slice((count * IncidentBytes) + (Occurrences * 4), Occurrences * 2)));
    }

    public DateOnly Month { get; }

    /// <summary>The month's change count the segment was built from.</summary>
    public long BuiltFrom { get; }

    /// <summary>What it holds in memory, roughly.</summary>
    public long Size => columns.Length + 256;

    public DateTimeOffset MonthStart => StartOf(Month);

    public string[] SeverityNames { get; }

    public string[] KindNames { get; }

    public string[] ServiceNames { get; }

    public int Count { get; }

    public int Occurrences { get; }

    public ReadOnlySpan<double> StartedSeconds => MemoryMarshal.Cast<byte, double>(Columns[..(Count * 8)]);

    public ReadOnlySpan<short> Severities => MemoryMarshal.Cast<byte, short>(Columns.Slice(Count * 8, Count * 2));

    public ReadOnlySpan<short> Kinds => MemoryMarshal.Cast<byte, short>(Columns.Slice(Count * 10, Count * 2));

    public ReadOnlySpan<byte> CustomerImpacting => Columns.Slice(Count * 12, Count);

    public ReadOnlySpan<double> ResponseTimes(int metric) => MemoryMarshal.Cast<byte, double>(Columns.Slice(Count * (13 + (metric * 8)), Count * 8));

    public ReadOnlySpan<int> OccurrenceIncidents => MemoryMarshal.Cast<byte, int>(Columns.Slice(Count * IncidentBytes, Occurrences * 4));

    public ReadOnlySpan<short> OccurrenceServices => MemoryMarshal.Cast<byte, short>(Columns.Slice((Count * IncidentBytes) + (Occurrences * 4), Occurrences * 2));

    private ReadOnlySpan<byte> Columns => columns;

    /// <summary>The UTC month an instant falls in: the month whose segment counts an incident started then.</summary>
    public static DateOnly MonthOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    /// <summary>The first instant of a month, in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly month) => new(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static void ToNative(Span<long> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }

    private static void ToNative(Span<int> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }

    private static void ToNative(Span<short> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(values, values);
        }
    }
}

/// <summary>
/// Reads the org's metric segments of a range of months, building again those whose month changed since they were
/// built. The <c>incident_metric_months</c> row of a month counts its changes (a trigger on incidents adds one in every
/// transaction that moves a number, see the IncidentMetricSegments migration); a segment remembers the count its
/// snapshot saw, so it is current exactly while the count is the same. A busy org's history is read as a few arrays
/// per month instead of one row per incident, and a replica keeps the segments it read in memory (bounded), checked
/// against the counts on every read: only a month that changed is read or built again.
/// </summary>
public sealed class IncidentMetricSegments : IDisposable
{
    /// <summary>How much of a replica's memory the segments it read may keep (a year of 100,000 incidents is ~6 MB).</summary>
    public const long CacheBytes = 64L * 1024 * 1024;

    private static readonly string[] SeverityNames = Enum.GetNames<Severity>();
    private static readonly string[] KindNames = Enum.GetNames<IncidentKind>();

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = CacheBytes });

    private const string SegmentColumns = "severity_names, kind_names, service_names, incident_count, columns";

    private const string CountsSql = """
        SELECT m.month, m.change_count, s.built_from = m.change_count AS current
        FROM incident_metric_months m
        LEFT JOIN incident_metric_segments s ON s.org_id = m.org_id AND s.month = m.month
        WHERE m.org_id = @org AND m.month >= @firstMonth AND m.month <= @lastMonth
        ORDER BY m.month
        """;

    private const string ReadSql = $"SELECT month, built_from, {SegmentColumns} FROM incident_metric_segments WHERE org_id = @org AND month = ANY(@months)";

    // One statement, one snapshot: the count it reads matches exactly the incidents it reads. A build that lost a race
    // to a newer one leaves that one in place (and returns nothing).
    private const string BuildSql = $$"""
        WITH counted AS (
            SELECT change_count FROM incident_metric_months WHERE org_id = @org AND month = @month
        ), month_incidents AS (
            SELECT (row_number() OVER (ORDER BY i.id) - 1)::int AS n, i.*
            FROM incidents i
            WHERE i.org_id = @org AND i.started_at >= @monthStart AND i.started_at < @monthEnd
        ), names AS (
            SELECT COALESCE(array_agg(DISTINCT s ORDER BY s), '{}') AS services FROM month_incidents m, unnest(m.services) AS s
        ), occurrences AS (
            SELECT COALESCE(string_agg(int4send(m.n), ''::bytea ORDER BY m.n, u.s), ''::bytea)
                   || COALESCE(string_agg(int2send(array_position(names.services, u.s)::smallint), ''::bytea ORDER BY m.n, u.s), ''::bytea) AS packed
            FROM month_incidents m CROSS JOIN LATERAL (SELECT DISTINCT unnest(m.services)) AS u (s) CROSS JOIN names
        ), columns AS (
            -- Each column a run of big-endian values in incident order (see IncidentMetricSegment); NaN: not reached.
            SELECT count(*)::int AS incident_count,
                   COALESCE(string_agg(float8send(extract(epoch FROM m.started_at - @monthStart)::float8), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(int2send(array_position(@severityNames, m.severity::text)::smallint), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(int2send(COALESCE(array_position(@kindNames, m.kind::text), 0)::smallint), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(boolsend(m.is_customer_impacting), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(float8send(COALESCE(m.time_to_detect_minutes, 'NaN')), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(float8send(COALESCE(m.time_to_acknowledge_minutes, 'NaN')), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(float8send(COALESCE(m.time_to_mitigate_minutes, 'NaN')), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(float8send(COALESCE(m.time_to_resolve_minutes, 'NaN')), ''::bytea ORDER BY m.n), ''::bytea)
                   || COALESCE(string_agg(float8send(COALESCE(m.duration_minutes, 'NaN')), ''::bytea ORDER BY m.n), ''::bytea) AS packed
            FROM month_incidents m
        )
        INSERT INTO incident_metric_segments AS segment (org_id, month, built_from, {{SegmentColumns}})
        SELECT @org, @month, counted.change_count, @severityNames, @kindNames, names.services, c.incident_count, c.packed || occurrences.packed
        FROM counted, columns c, names, occurrences
        ON CONFLICT (org_id, month) DO UPDATE SET
            built_from = excluded.built_from, severity_names = excluded.severity_names, kind_names = excluded.kind_names,
            service_names = excluded.service_names, incident_count = excluded.incident_count, columns = excluded.columns
        WHERE segment.built_from <= excluded.built_from
        RETURNING month, built_from, {{SegmentColumns}}
        """;

    /// <summary>The segments of every month that holds incidents of the org from the month of <paramref name="from"/> up to <paramref name="to"/>.</summary>
    public async Task<List<IncidentMetricSegment>> ReadAsync(IncidentsDbContext db, Guid orgId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var segments = new List<IncidentMetricSegment>();
            var stored = new List<DateOnly>();
            var stale = new List<DateOnly>();
            await using (var counts = new NpgsqlCommand(CountsSql, connection))
            {
                counts.Parameters.Add(new NpgsqlParameter<Guid>("org", orgId));
                counts.Parameters.Add(new NpgsqlParameter<DateOnly>("firstMonth", IncidentMetricSegment.MonthOf(from)));
                // Months as dates computed here: comparing a date with a timestamp would depend on the session's time zone.
                counts.Parameters.Add(new NpgsqlParameter<DateOnly>("lastMonth", IncidentMetricSegment.MonthOf(to.AddTicks(-1))));
                await using var reader = await counts.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var month = reader.GetFieldValue<DateOnly>(0);
                    if (cache.TryGetValue((orgId, month), out IncidentMetricSegment? kept) && kept!.BuiltFrom == reader.GetInt64(1))
                    {
                        segments.Add(kept);
                    }
                    else
                    {
                        (reader.GetFieldValue<bool?>(2) is true ? stored : stale).Add(month);
                    }
                }
            }

            if (stored.Count > 0)
            {
                await using var read = new NpgsqlCommand(ReadSql, connection);
                read.Parameters.Add(new NpgsqlParameter<Guid>("org", orgId));
                read.Parameters.Add(new NpgsqlParameter<DateOnly[]>("months", [.. stored]));
                segments.AddRange(await ReadSegmentsAsync(orgId, read, cancellationToken));
            }

            foreach (var month in stale)
            {
                segments.Add(await BuildAsync(connection, orgId, month, cancellationToken));
            }

            return segments;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public void Dispose() => cache.Dispose();

    private async Task<IncidentMetricSegment> BuildAsync(NpgsqlConnection connection, Guid orgId, DateOnly month, CancellationToken cancellationToken)
    {
        var monthStart = IncidentMetricSegment.StartOf(month);
        await using var build = new NpgsqlCommand(BuildSql, connection);
        build.Parameters.Add(new NpgsqlParameter<Guid>("org", orgId));
        build.Parameters.Add(new NpgsqlParameter<DateOnly>("month", month));
        build.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("monthStart", monthStart));
        build.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("monthEnd", monthStart.AddMonths(1)));
        build.Parameters.Add(new NpgsqlParameter<string[]>("severityNames", SeverityNames));
        build.Parameters.Add(new NpgsqlParameter<string[]>("kindNames", KindNames));
        if ((await ReadSegmentsAsync(orgId, build, cancellationToken)).SingleOrDefault() is { } built)
        {
            return built;
        }

        // A newer build of the month was saved meanwhile: it counts every change this one saw.
        await using var read = new NpgsqlCommand(ReadSql, connection);
        read.Parameters.Add(new NpgsqlParameter<Guid>("org", orgId));
        read.Parameters.Add(new NpgsqlParameter<DateOnly[]>("months", [month]));
        return (await ReadSegmentsAsync(orgId, read, cancellationToken)).SingleOrDefault()
            ?? throw new InvalidOperationException($"The metric segment of {month:yyyy-MM} vanished while it was being built.");
    }

    /// <summary>Reads segments (month, built from, names, count, columns) and keeps them for the next report.</summary>
    private Task<List<IncidentMetricSegment>> ReadSegmentsAsync(Guid orgId, NpgsqlCommand command, CancellationToken cancellationToken) =>
        command.ReadAllAsync(reader =>
        {
            var segment = new IncidentMetricSegment(
                reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetFieldValue<string[]>(2), reader.GetFieldValue<string[]>(3),
                reader.GetFieldValue<string[]>(4), reader.GetInt32(5), reader.GetFieldValue<byte[]>(6));
            cache.Set((orgId, segment.Month), segment, new MemoryCacheEntryOptions { Size = segment.Size });
            return segment;
        }, cancellationToken);
}

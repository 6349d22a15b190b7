using System.Data.Common;
using System.Text;
using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.ServiceDefaults.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace IncidentPlatform.Reviews.Infrastructure;

/// <summary>A published review found by a search, with its rank and the matched words marked (safe HTML).</summary>
public sealed record KnowledgeHit(
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    Severity Severity,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> FactorCategories,
    DateTimeOffset IncidentStartedAt,
    int Version,
    DateTimeOffset PublishedAt,
    double Rank,
    string? TitleHighlight,
    IReadOnlyList<string> Excerpts);

/// <summary>A page of results; <see cref="Total"/> is exact when <see cref="TotalExact"/>, else a lower bound (matches are counted up to <see cref="KnowledgeSearch.CountedMatches"/>).</summary>
public sealed record KnowledgeResults(IReadOnlyList<KnowledgeHit> Items, long Total, bool TotalExact, int Limit, int Offset);

/// <summary>A published review like a given one, with how alike (0–1) and why.</summary>
public sealed record SimilarReview(
    Guid ReviewId,
    Guid IncidentId,
    string IncidentReference,
    string Title,
    Severity Severity,
    DateTimeOffset IncidentStartedAt,
    double Score,
    IReadOnlyList<string> SharedServices,
    IReadOnlyList<string> SharedFactorCategories,
    double TextSimilarity);

/// <summary>
/// The knowledge base's queries, in SQL because they are PostgreSQL full-text search: <c>websearch_to_tsquery</c>,
/// <c>ts_rank_cd</c> over the weighted, GIN-indexed vector, and <c>ts_headline</c> for the page's rows only.
/// Every query names the org itself (the DbContext's filter does not reach raw SQL).
/// </summary>
public static class KnowledgeSearch
{
    /// <summary>A search counts its matches up to this many; beyond, the total says "at least" (<see cref="KnowledgeResults.TotalExact"/>).</summary>
    public const int CountedMatches = 1_000;

    /// <summary>How many of the newest matches of the title, keywords and factors are ranked beside the newest matches.</summary>
    public const int RankedHeadMatches = 200;

    private const string Columns = """
        e.review_id, e.incident_id, e.incident_reference, e.title, e.severity, e.services, e.tags, e.factor_categories,
        e.incident_started_at, e.version, e.published_at
        """;

    public static async Task<KnowledgeResults> SearchAsync(this ReviewsDbContext db, Guid orgId, KnowledgeQuery query, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("org", NpgsqlDbType.Uuid) { Value = orgId },
            new("limit", NpgsqlDbType.Integer) { Value = query.Limit },
            new("offset", NpgsqlDbType.Integer) { Value = query.Offset },
            new("counted", NpgsqlDbType.Integer) { Value = CountedMatches + 1 },
        };
        var filters = new StringBuilder("e.org_id = @org");
        void Filter(string condition, string name, NpgsqlDbType type, object? value)
        {
            if (value is not null)
            {
                filters.Append(" AND ").Append(condition);
                parameters.Add(new NpgsqlParameter(name, type) { Value = value });
            }
        }

        Filter("e.services @> ARRAY[@service]::text[]", "service", NpgsqlDbType.Text, query.Service);
        Filter("e.severity = @severity", "severity", NpgsqlDbType.Text, query.Severity?.ToString());
        Filter("e.tags @> ARRAY[@tag]::text[]", "tag", NpgsqlDbType.Text, query.Tag);
        Filter("e.factor_categories @> ARRAY[@category]::text[]", "category", NpgsqlDbType.Text, query.FactorCategory);
        Filter("e.incident_started_at >= @from", "from", NpgsqlDbType.TimestampTz, query.From);
        Filter("e.incident_started_at < @to", "to", NpgsqlDbType.TimestampTz, query.To);

        string sql;
        if (query.Text is null)
        {
            sql = $"""
                SELECT {Columns}, 0::float8 AS rank, NULL AS title_highlight, NULL AS excerpt,
                    (SELECT count(*) FROM (SELECT FROM knowledge_entries e WHERE {filters} LIMIT @counted) counted) AS total
                FROM knowledge_entries e
                WHERE {filters}
                ORDER BY e.incident_started_at DESC, e.review_id
                LIMIT @limit OFFSET @offset
                """;
        }
        else
        {
            parameters.Add(new NpgsqlParameter("text", NpgsqlDbType.Text) { Value = query.Text });
            parameters.Add(new NpgsqlParameter("newest", NpgsqlDbType.Integer) { Value = KnowledgeQuery.MaxRankedResults });
            parameters.Add(new NpgsqlParameter("headed", NpgsqlDbType.Integer) { Value = RankedHeadMatches });
            // No step visits every match, so a search matching tens of thousands of reviews costs what a narrow one does:
            // the newest matches (walked newest first, or gathered through the org's text index when they are few) give the
            // count up to its bound; the newest of them and the newest whose head vector (title, keywords, factors) matches
            // are ranked by the whole vector; highlights are built for the page only (ts_headline re-parses the text).
            // The query is written out at each use, not in a CTE, so the planner sees it and estimates how many rows match.
            const string matchQuery = "websearch_to_tsquery('english', @text)";
            sql = $"""
                WITH newest AS MATERIALIZED (
                    SELECT e.review_id, e.incident_started_at
                    FROM knowledge_entries e
                    WHERE {filters} AND e.search_vector @@ {matchQuery}
                    ORDER BY e.incident_started_at DESC, e.review_id
                    LIMIT @counted),
                headed AS MATERIALIZED (
                    SELECT e.review_id
                    FROM knowledge_entries e
                    WHERE {filters} AND e.head_vector @@ {matchQuery}
                    ORDER BY e.incident_started_at DESC, e.review_id
                    LIMIT @headed),
                ranked AS (
                    SELECT review_id FROM (SELECT review_id FROM newest ORDER BY incident_started_at DESC, review_id LIMIT @newest) n
                    UNION SELECT review_id FROM headed),
                page AS (
                    -- A head match need not match the whole vector: a -word may be in the summary or body, a phrase may
                    -- span the head's keywords and factors, which the whole vector keeps apart.
                    SELECT e.review_id, e.published_at, ts_rank_cd(e.search_vector, {matchQuery}, 32) AS rank
                    FROM ranked JOIN knowledge_entries e ON e.review_id = ranked.review_id
                    WHERE e.search_vector @@ {matchQuery}
                    ORDER BY rank DESC, e.published_at DESC, e.review_id
                    LIMIT @limit OFFSET @offset)
                SELECT {Columns}, page.rank,
                    ts_headline('english', e.title, {matchQuery}, '{SearchHighlight.HeadlineMarks}, HighlightAll=true'),
                    ts_headline('english', e.summary || E'\n' || e.factors || E'\n' || e.body, {matchQuery},
                        '{SearchHighlight.HeadlineMarks}, MaxFragments=3, MaxWords=30, MinWords=12, FragmentDelimiter={SearchHighlight.FragmentBreak}'),
                    (SELECT count(*) FROM newest)
                FROM page JOIN knowledge_entries e ON e.review_id = page.review_id
                ORDER BY page.rank DESC, e.published_at DESC, e.review_id
                """;
        }

        var items = new List<KnowledgeHit>();
        long total = 0;
        // The reader is closed before a count may run: one command at a time on a connection.
        await using (var command = await CommandAsync(db, sql, parameters, cancellationToken))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var titleHighlight = reader.IsDBNull(12) ? null : reader.GetString(12);
                var excerpt = reader.IsDBNull(13) ? null : reader.GetString(13);
                total = reader.GetInt64(14);
                items.Add(new KnowledgeHit(
                    reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), Enum.Parse<Severity>(reader.GetString(4)),
                    reader.GetFieldValue<string[]>(5), reader.GetFieldValue<string[]>(6), reader.GetFieldValue<string[]>(7),
                    reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt32(9), reader.GetFieldValue<DateTimeOffset>(10),
                    Math.Round(reader.GetDouble(11), 4),
                    titleHighlight is null ? null : SearchHighlight.ToHtml(titleHighlight),
                    excerpt is null ? [] : SearchHighlight.Fragments(excerpt)));
            }
        }

        if (items.Count == 0 && query.Offset > 0)
        {
            // Past the last page no row carries the total; count on its own so the client still learns it.
            total = await CountAsync(db, sql, parameters, cancellationToken);
        }

        var exact = total <= CountedMatches;
        return new KnowledgeResults(items, exact ? total : CountedMatches, exact, query.Limit, query.Offset);
    }

    /// <summary>
    /// Published reviews most like <paramref name="probe"/>: shared services (45 %, Jaccard), shared factor categories
    /// (25 %, Jaccard) and wording (30 %, the share of the probe's words the other review uses). Candidates share a service or a word.
    /// </summary>
    public static async Task<IReadOnlyList<SimilarReview>> SimilarAsync(
        this ReviewsDbContext db, Guid orgId, SimilarityProbe probe, int limit, double minimumScore, CancellationToken cancellationToken)
    {
        var parameters = new List<NpgsqlParameter>
        {
            new("org", NpgsqlDbType.Uuid) { Value = orgId },
            new("exclude", NpgsqlDbType.Uuid) { Value = probe.ExcludeReviewId ?? Guid.Empty },
            new("services", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = probe.Services.ToArray() },
            new("categories", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = probe.FactorCategories.ToArray() },
            new("text", NpgsqlDbType.Text) { Value = probe.Text },
            new("before", NpgsqlDbType.TimestampTz) { Value = probe.StartedBefore ?? DateTimeOffset.MaxValue },
            new("limit", NpgsqlDbType.Integer) { Value = limit },
            new("minimum", NpgsqlDbType.Double) { Value = minimumScore },
        };
        const string sql = """
            WITH words AS (
                -- The probe's 64 most frequent words; words with quotes or backslashes are left out of the query.
                SELECT array_agg(lexeme) AS lexemes
                FROM (SELECT lexeme FROM unnest(to_tsvector('english', @text))
                      WHERE position('''' in lexeme) = 0 AND position(E'\\' in lexeme) = 0
                      ORDER BY cardinality(positions) DESC, lexeme LIMIT 64) w),
            probe AS (
                SELECT lexemes, CASE WHEN lexemes IS NULL THEN NULL
                    ELSE array_to_string(ARRAY(SELECT quote_literal(l) FROM unnest(lexemes) l), ' | ')::tsquery END AS query
                FROM words),
            candidates AS (
                SELECT e.*,
                    ARRAY(SELECT unnest(e.services) INTERSECT SELECT unnest(@services::text[]) ORDER BY 1) AS shared_services,
                    ARRAY(SELECT unnest(e.factor_categories) INTERSECT SELECT unnest(@categories::text[]) ORDER BY 1) AS shared_categories,
                    cardinality(ARRAY(SELECT unnest(e.services) UNION SELECT unnest(@services::text[]))) AS all_services,
                    cardinality(ARRAY(SELECT unnest(e.factor_categories) UNION SELECT unnest(@categories::text[]))) AS all_categories,
                    -- The share of the probe's words the other review uses too.
                    CASE WHEN probe.lexemes IS NULL THEN 0 ELSE
                        cardinality(ARRAY(SELECT unnest(tsvector_to_array(e.search_vector)) INTERSECT SELECT unnest(probe.lexemes)))::float8
                        / cardinality(probe.lexemes) END AS wording
                FROM knowledge_entries e, probe
                WHERE e.org_id = @org AND e.review_id <> @exclude AND e.incident_started_at < @before
                  AND (e.services && @services::text[] OR (probe.query IS NOT NULL AND e.search_vector @@ probe.query))),
            scored AS (
                SELECT c.*,
                    0.45 * coalesce(cardinality(shared_services)::float8 / nullif(all_services, 0), 0)
                  + 0.25 * coalesce(cardinality(shared_categories)::float8 / nullif(all_categories, 0), 0)
                  + 0.30 * wording AS score
                FROM candidates c)
            SELECT review_id, incident_id, incident_reference, title, severity, incident_started_at, score,
                   shared_services, shared_categories, wording
            FROM scored
            WHERE score >= @minimum
            ORDER BY score DESC, incident_started_at DESC
            LIMIT @limit
            """;

        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        return await command.ReadAllAsync(reader => new SimilarReview(
            reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), Enum.Parse<Severity>(reader.GetString(4)),
            reader.GetFieldValue<DateTimeOffset>(5), Math.Round(reader.GetDouble(6), 3),
            reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8), Math.Round(reader.GetDouble(9), 3)), cancellationToken);
    }

    /// <summary>
    /// The org's reviews and how many repeat an earlier incident (a suggested or confirmed link), by incident start:
    /// one row for all (service null) and one per service. Counted in SQL: an org may have tens of thousands of reviews.
    /// </summary>
    public static async Task<IReadOnlyList<RepeatCount>> RepeatCountsAsync(
        this ReviewsDbContext db, Guid orgId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT s.service, count(DISTINCT r.id)::int,
                   (count(DISTINCT r.id) FILTER (WHERE r.repeat_of->>'status' IN ('suggested', 'confirmed')))::int
            FROM reviews r LEFT JOIN LATERAL unnest(r.services) AS s(service) ON true
            WHERE r.org_id = @org
              AND (@from::timestamptz IS NULL OR r.incident_started_at >= @from)
              AND (@to::timestamptz IS NULL OR r.incident_started_at < @to)
            GROUP BY GROUPING SETS ((s.service), ())
            HAVING GROUPING(s.service) = 1 OR s.service IS NOT NULL
            """;
        var parameters = new List<NpgsqlParameter>
        {
            new("org", NpgsqlDbType.Uuid) { Value = orgId },
            new("from", NpgsqlDbType.TimestampTz) { Value = (object?)from ?? DBNull.Value },
            new("to", NpgsqlDbType.TimestampTz) { Value = (object?)to ?? DBNull.Value },
        };
        await using var command = await CommandAsync(db, sql, parameters, cancellationToken);
        return await command.ReadAllAsync(reader => new RepeatCount(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)), cancellationToken);
    }

    private static async Task<long> CountAsync(ReviewsDbContext db, string pageSql, List<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var counting = parameters.Select(p => p.Clone()).ToList();
        counting.First(p => p.ParameterName == "offset").Value = 0;
        counting.First(p => p.ParameterName == "limit").Value = 1;
        await using var command = await CommandAsync(db, pageSql, counting, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(14) : 0;
    }

    private static async Task<DbCommand> CommandAsync(ReviewsDbContext db, string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }
}

/// <summary>Reviews and repeats, for one service or (null) for all.</summary>
public sealed record RepeatCount(string? Service, int Incidents, int Repeats);

/// <summary>What a review is compared by: its services, factor categories and words; optionally only older incidents.</summary>
public sealed record SimilarityProbe(
    IReadOnlyList<string> Services, IReadOnlyList<string> FactorCategories, string Text, Guid? ExcludeReviewId, DateTimeOffset? StartedBefore);

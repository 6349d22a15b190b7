using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeBase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "tags",
                table: "reviews",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.CreateTable(
                name: "knowledge_entries",
                columns: table => new
                {
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    severity = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    services = table.Column<List<string>>(type: "text[]", nullable: false),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    factor_categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    keywords = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    factors = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    incident_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: true, computedColumnSql: "setweight(to_tsvector('english', title || ' ' || keywords), 'A') || setweight(to_tsvector('english', summary || ' ' || factors), 'B') || setweight(to_tsvector('english', body), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_knowledge_entries", x => x.review_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_factor_categories",
                table: "knowledge_entries",
                column: "factor_categories")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_org_id",
                table: "knowledge_entries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_org_id_incident_started_at",
                table: "knowledge_entries",
                columns: new[] { "org_id", "incident_started_at" });

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_search_vector",
                table: "knowledge_entries",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_services",
                table: "knowledge_entries",
                column: "services")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_tags",
                table: "knowledge_entries",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Reviews published before the knowledge base existed: index their latest published version.
            migrationBuilder.Sql("""
                INSERT INTO knowledge_entries (review_id, org_id, incident_id, incident_reference, title, severity, services, tags,
                    factor_categories, keywords, summary, factors, body, incident_started_at, version, published_at)
                SELECT r.id, r.org_id, r.incident_id, r.incident_reference, r.incident_title, r.severity, r.services, r.tags,
                    ARRAY(SELECT DISTINCT f->>'category' FROM jsonb_array_elements(coalesce(r.analysis->'contributingFactors', '[]')) f
                          WHERE f->>'category' IS NOT NULL ORDER BY 1),
                    array_to_string(r.incident_reference || r.services || r.tags, ' '),
                    coalesce(r.analysis->>'summary', ''),
                    coalesce((SELECT string_agg(f->>'description', E'\n') FROM jsonb_array_elements(coalesce(r.analysis->'contributingFactors', '[]')) f), ''),
                    coalesce((SELECT string_agg(t, E'\n') FROM (
                        SELECT jsonb_array_elements_text(coalesce(r.analysis->'fiveWhys', '[]')) AS t
                        UNION ALL SELECT r.analysis->>'humanContext'
                        UNION ALL SELECT jsonb_array_elements_text(coalesce(r.analysis->'wentWell', '[]'))
                        UNION ALL SELECT jsonb_array_elements_text(coalesce(r.analysis->'wentPoorly', '[]'))
                        UNION ALL SELECT jsonb_array_elements_text(coalesce(r.analysis->'gotLucky', '[]'))
                        UNION ALL SELECT jsonb_array_elements_text(coalesce(r.analysis->'lessonsLearned', '[]'))
                        UNION ALL SELECT value FROM jsonb_each_text(coalesce(r.analysis->'responseEvaluation', '{}'))) texts
                        WHERE t IS NOT NULL), ''),
                    r.incident_started_at, r.published_version,
                    (SELECT max(p.published_at) FROM review_reports p WHERE p.review_id = r.id)
                FROM reviews r
                WHERE r.published_version > 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "knowledge_entries");

            migrationBuilder.DropColumn(
                name: "tags",
                table: "reviews");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeSearchBounded : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_factor_categories",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_search_vector",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_services",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_tags",
                table: "knowledge_entries");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,");

            // A search checks the vectors and filtered arrays of each row it walks: they stay in the row (compressed when
            // that helps), the texts stay out of line. Rewriting the rows moves existing values: an array given a new value
            // is stored anew, and assigning the title makes PostgreSQL recompute both generated vectors (it recomputes a
            // generated column only when a column it reads is assigned). One pass, before the indexes are built.
            migrationBuilder.Sql("""
                ALTER TABLE knowledge_entries
                    ALTER COLUMN search_vector SET STORAGE MAIN,
                    ALTER COLUMN services SET STORAGE MAIN,
                    ALTER COLUMN tags SET STORAGE MAIN,
                    ALTER COLUMN factor_categories SET STORAGE MAIN;
                UPDATE knowledge_entries
                SET title = title,
                    services = services || '{}'::text[], tags = tags || '{}'::text[], factor_categories = factor_categories || '{}'::text[];
                """);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_head_search",
                table: "knowledge_entries",
                columns: new[] { "org_id", "head_vector", "services", "tags", "factor_categories", "severity" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:StorageParameter:fastupdate", false);

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_incident_started_at",
                table: "knowledge_entries",
                column: "incident_started_at");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_search",
                table: "knowledge_entries",
                columns: new[] { "org_id", "search_vector", "services", "tags", "factor_categories", "severity" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:StorageParameter:fastupdate", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_head_search",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_incident_started_at",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_search",
                table: "knowledge_entries");

            migrationBuilder.Sql("""
                ALTER TABLE knowledge_entries
                    ALTER COLUMN search_vector SET STORAGE EXTENDED,
                    ALTER COLUMN services SET STORAGE EXTENDED,
                    ALTER COLUMN tags SET STORAGE EXTENDED,
                    ALTER COLUMN factor_categories SET STORAGE EXTENDED;
                """);

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_factor_categories",
                table: "knowledge_entries",
                column: "factor_categories")
                .Annotation("Npgsql:IndexMethod", "gin");

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
        }
    }
}

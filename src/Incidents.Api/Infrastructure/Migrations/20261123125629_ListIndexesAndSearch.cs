using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ListIndexesAndSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "timeline_entries",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "to_tsvector('english', text)",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                table: "incidents",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(summary, '')), 'B')",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_timeline_entries_search_vector",
                table: "timeline_entries",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id_created_at_id",
                table: "incidents",
                columns: new[] { "org_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents",
                columns: new[] { "org_id", "started_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id_updated_at_id",
                table: "incidents",
                columns: new[] { "org_id", "updated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_search_vector",
                table: "incidents",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_timeline_entries_search_vector",
                table: "timeline_entries");

            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id_created_at_id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id_updated_at_id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "ix_incidents_search_vector",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "timeline_entries");

            migrationBuilder.DropColumn(
                name: "search_vector",
                table: "incidents");
        }
    }
}

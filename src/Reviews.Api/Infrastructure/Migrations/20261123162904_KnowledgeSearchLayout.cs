using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeSearchLayout : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "knowledge_entries")
                .Annotation("Npgsql:StorageParameter:toast_tuple_target", 128);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "head_vector",
                table: "knowledge_entries",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('english', title || ' ' || keywords), 'A') || setweight(to_tsvector('english', left(factors, 600)), 'B')",
                stored: true);

            // Every match's head vector is read to rank it: keep it in the row (compressed if need be), not out of line.
            migrationBuilder.Sql("ALTER TABLE knowledge_entries ALTER COLUMN head_vector SET STORAGE MAIN;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "head_vector",
                table: "knowledge_entries");

            migrationBuilder.AlterTable(
                name: "knowledge_entries")
                .OldAnnotation("Npgsql:StorageParameter:toast_tuple_target", 128);
        }
    }
}

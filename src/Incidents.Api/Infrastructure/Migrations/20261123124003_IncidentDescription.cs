using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class IncidentDescription : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "incidents",
                type: "character varying(24)",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                table: "incidents",
                type: "character varying(10000)",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "tags",
                table: "incidents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]"); // existing incidents have no tags
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "kind",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "summary",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "tags",
                table: "incidents");
        }
    }
}

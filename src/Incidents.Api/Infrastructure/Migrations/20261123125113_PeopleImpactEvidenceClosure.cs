using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PeopleImpactEvidenceClosure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "closed_by_review_id",
                table: "incidents",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "evidence",
                table: "incidents",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "impact",
                table: "incidents",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "lead_changes",
                table: "incidents",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "participants",
                table: "incidents",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "reopenings",
                table: "incidents",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "closed_by_review_id",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "evidence",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "impact",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "lead_changes",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "participants",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "reopenings",
                table: "incidents");
        }
    }
}

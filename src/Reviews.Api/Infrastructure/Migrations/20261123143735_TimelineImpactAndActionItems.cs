using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TimelineImpactAndActionItems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "action_items",
                table: "reviews",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            // Action items recorded before their details were kept keep their id; the rest is unknown.
            migrationBuilder.Sql("""
                UPDATE reviews SET action_items = (
                    SELECT COALESCE(jsonb_agg(jsonb_build_object(
                        'id', id, 'title', '(recorded before titles were kept)', 'owner', jsonb_build_object('userId', '', 'displayName', ''),
                        'dueDate', '0001-01-01', 'priority', '')), '[]')
                    FROM unnest(action_item_ids) AS id)
                WHERE cardinality(action_item_ids) > 0;
                """);

            migrationBuilder.DropColumn(
                name: "action_item_ids",
                table: "reviews");

            migrationBuilder.AddColumn<string>(
                name: "impact",
                table: "reviews",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "incident_started_at",
                table: "reviews",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.Sql("UPDATE reviews SET incident_started_at = incident_resolved_at;");

            migrationBuilder.CreateTable(
                name: "incident_timeline_entries",
                columns: table => new
                {
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    knowledge = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    is_key_moment = table.Column<bool>(type: "boolean", nullable: false),
                    author_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    author_display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    is_deleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incident_timeline_entries", x => x.entry_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incident_timeline_entries_org_id",
                table: "incident_timeline_entries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_incident_timeline_entries_org_id_incident_id_occurred_at",
                table: "incident_timeline_entries",
                columns: new[] { "org_id", "incident_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<Guid>>(
                name: "action_item_ids",
                table: "reviews",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.Sql("UPDATE reviews SET action_item_ids = ARRAY(SELECT (a ->> 'id')::uuid FROM jsonb_array_elements(action_items) AS a);");

            migrationBuilder.DropTable(
                name: "incident_timeline_entries");

            migrationBuilder.DropColumn(
                name: "action_items",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "impact",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "incident_started_at",
                table: "reviews");
        }
    }
}

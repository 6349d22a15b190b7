using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ActionItemWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "engineering_manager_display_name",
                table: "known_reviews",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "engineering_manager_user_id",
                table: "known_reviews",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_display_name",
                table: "known_reviews",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "owner_user_id",
                table: "known_reviews",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "published_at",
                table: "known_reviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "services",
                table: "known_reviews",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "severity",
                table: "known_reviews",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Sev4");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "thirty_day_follow_up_raised_at",
                table: "known_reviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "two_week_check_raised_at",
                table: "known_reviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "closed_at",
                table: "action_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "contributing_factor_ids",
                table: "action_items",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "created_by_display_name",
                table: "action_items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "created_by_user_id",
                table: "action_items",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "definition_of_done",
                table: "action_items",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<List<Guid>>(
                name: "depends_on",
                table: "action_items",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "done_at",
                table: "action_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "due_soon_raised_for",
                table: "action_items",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "evidence",
                table: "action_items",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "expected_outcome",
                table: "action_items",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "history",
                table: "action_items",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<string>(
                name: "nature",
                table: "action_items",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Corrective");

            migrationBuilder.AddColumn<DateOnly>(
                name: "overdue_raised_for",
                table: "action_items",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "secondary_owner_team",
                table: "action_items",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "services",
                table: "action_items",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "status_reason",
                table: "action_items",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "tracker_url",
                table: "action_items",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "action_items",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "verified_at",
                table: "action_items",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verified_by_display_name",
                table: "action_items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "verified_by_user_id",
                table: "action_items",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            // Items created before this migration: their creator is taken to be their owner, their history starts at creation.
            migrationBuilder.Sql("""
                UPDATE action_items SET created_by_user_id = owner_user_id, created_by_display_name = owner_display_name, updated_at = created_at,
                    nature = CASE WHEN type = 'Prevent' THEN 'Preventive' ELSE 'Corrective' END,
                    history = jsonb_build_array(jsonb_build_object(
                        'at', created_at, 'by', jsonb_build_object('userId', owner_user_id, 'displayName', owner_display_name),
                        'what', 'created', 'from', NULL, 'to', 'open', 'reason', NULL, 'fields', '[]'::jsonb));
                """);

            migrationBuilder.CreateTable(
                name: "action_policies",
                columns: table => new
                {
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    p1weeks = table.Column<int>(type: "integer", nullable: false),
                    p2weeks = table.Column<int>(type: "integer", nullable: false),
                    p3weeks = table.Column<int>(type: "integer", nullable: false),
                    reminder_days = table.Column<int>(type: "integer", nullable: false),
                    escalation_contact_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    escalation_contact_display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_by_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    updated_by_display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_policies", x => x.org_id);
                });

            migrationBuilder.CreateTable(
                name: "org_people",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_people", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_known_reviews_published_at",
                table: "known_reviews",
                column: "published_at",
                filter: "published_at IS NOT NULL AND thirty_day_follow_up_raised_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_due_date",
                table: "action_items",
                column: "due_date",
                filter: "status IN ('Open', 'InProgress') AND due_soon_raised_for IS DISTINCT FROM due_date");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_due_date1",
                table: "action_items",
                column: "due_date",
                filter: "status IN ('Open', 'InProgress') AND overdue_raised_for IS DISTINCT FROM due_date");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_created_at",
                table: "action_items",
                columns: new[] { "org_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items",
                columns: new[] { "org_id", "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_org_id",
                table: "action_policies",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_org_people_org_id",
                table: "org_people",
                column: "org_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_policies");

            migrationBuilder.DropTable(
                name: "org_people");

            migrationBuilder.DropIndex(
                name: "ix_known_reviews_published_at",
                table: "known_reviews");

            migrationBuilder.DropIndex(
                name: "ix_action_items_due_date",
                table: "action_items");

            migrationBuilder.DropIndex(
                name: "ix_action_items_due_date1",
                table: "action_items");

            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_created_at",
                table: "action_items");

            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "engineering_manager_display_name",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "engineering_manager_user_id",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "owner_display_name",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "owner_user_id",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "published_at",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "services",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "severity",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "thirty_day_follow_up_raised_at",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "two_week_check_raised_at",
                table: "known_reviews");

            migrationBuilder.DropColumn(
                name: "closed_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "contributing_factor_ids",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "created_by_display_name",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "created_by_user_id",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "definition_of_done",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "depends_on",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "done_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "due_soon_raised_for",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "evidence",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "expected_outcome",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "history",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "nature",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "overdue_raised_for",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "secondary_owner_team",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "services",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "status_reason",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "tracker_url",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "verified_at",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "verified_by_display_name",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "verified_by_user_id",
                table: "action_items");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReviewProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "meeting",
                table: "reviews",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "incident_known_at",
                table: "reviews",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "incident_participants",
                table: "reviews",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<string>(
                name: "roles",
                table: "reviews",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.CreateTable(
                name: "review_policies",
                columns: table => new
                {
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    timeline_draft_hours = table.Column<int>(type: "integer", nullable: false),
                    meeting_scheduled_days = table.Column<int>(type: "integer", nullable: false),
                    meeting_held_days = table.Column<int>(type: "integer", nullable: false),
                    sev1_meeting_held_days = table.Column<int>(type: "integer", nullable: false),
                    published_days = table.Column<int>(type: "integer", nullable: false),
                    follow_up_days = table.Column<int>(type: "integer", nullable: false),
                    meeting_severities = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_by_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    updated_by_display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_policies", x => x.org_id);
                });

            migrationBuilder.CreateTable(
                name: "review_steps",
                columns: table => new
                {
                    step = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_by_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    completed_by_display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    overdue_raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_steps", x => new { x.review_id, x.step });
                    table.ForeignKey(
                        name: "fk_review_steps_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The deadlines move from a jsonb column to a table, where the watcher can find and lock due steps.
            migrationBuilder.Sql("""
                INSERT INTO review_steps (review_id, step, org_id, due_at)
                SELECT r.id, d ->> 'Step', r.org_id, (d ->> 'DueAt')::timestamptz
                FROM reviews r, jsonb_array_elements(r.deadlines) AS d
                ON CONFLICT DO NOTHING;
                """);

            migrationBuilder.DropColumn(
                name: "deadlines",
                table: "reviews");

            migrationBuilder.CreateIndex(
                name: "ix_review_policies_org_id",
                table: "review_policies",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_steps_org_id_due_at",
                table: "review_steps",
                columns: new[] { "org_id", "due_at" },
                filter: "completed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_review_steps_unannounced",
                table: "review_steps",
                column: "due_at",
                filter: "completed_at IS NULL AND overdue_raised_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "deadlines",
                table: "reviews",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'");

            migrationBuilder.Sql("""
                UPDATE reviews r SET deadlines = COALESCE(
                    (SELECT jsonb_agg(jsonb_build_object('Step', s.step, 'DueAt', s.due_at) ORDER BY s.due_at) FROM review_steps s WHERE s.review_id = r.id),
                    '[]');
                """);

            migrationBuilder.DropTable(
                name: "review_policies");

            migrationBuilder.DropTable(
                name: "review_steps");

            migrationBuilder.DropColumn(
                name: "incident_known_at",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "incident_participants",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "roles",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "meeting",
                table: "reviews");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ActionMetrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "opened_at",
                table: "known_reviews",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Reviews known before: opened no later than their first action item (the event's time was not kept).
            migrationBuilder.Sql("""
                UPDATE known_reviews r SET opened_at = COALESCE((SELECT min(a.created_at) FROM action_items a WHERE a.review_id = r.review_id), now())
                """);

            migrationBuilder.CreateIndex(
                name: "ix_known_reviews_org_id_opened_at",
                table: "known_reviews",
                columns: new[] { "org_id", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_done_at",
                table: "action_items",
                columns: new[] { "org_id", "done_at" });

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_due_date",
                table: "action_items",
                columns: new[] { "org_id", "due_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_known_reviews_org_id_opened_at",
                table: "known_reviews");

            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_done_at",
                table: "action_items");

            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_due_date",
                table: "action_items");

            migrationBuilder.DropColumn(
                name: "opened_at",
                table: "known_reviews");
        }
    }
}

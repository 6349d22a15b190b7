using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrgIndexesOnlyWhereNoneLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tracker_connections_org_id",
                table: "tracker_connections");

            migrationBuilder.DropIndex(
                name: "ix_known_reviews_org_id",
                table: "known_reviews");

            migrationBuilder.DropIndex(
                name: "ix_action_policies_org_id",
                table: "action_policies");

            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id",
                table: "action_items");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_tracker_connections_org_id",
                table: "tracker_connections",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_known_reviews_org_id",
                table: "known_reviews",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_org_id",
                table: "action_policies",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id",
                table: "action_items",
                column: "org_id");
        }
    }
}

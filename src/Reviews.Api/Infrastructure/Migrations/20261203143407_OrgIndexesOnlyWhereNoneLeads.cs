using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrgIndexesOnlyWhereNoneLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reviews_org_id",
                table: "reviews");

            migrationBuilder.DropIndex(
                name: "ix_review_policies_org_id",
                table: "review_policies");

            migrationBuilder.DropIndex(
                name: "ix_knowledge_entries_org_id",
                table: "knowledge_entries");

            migrationBuilder.DropIndex(
                name: "ix_incident_timeline_entries_org_id",
                table: "incident_timeline_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_reviews_org_id",
                table: "reviews",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_policies_org_id",
                table: "review_policies",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_knowledge_entries_org_id",
                table: "knowledge_entries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_incident_timeline_entries_org_id",
                table: "incident_timeline_entries",
                column: "org_id");
        }
    }
}

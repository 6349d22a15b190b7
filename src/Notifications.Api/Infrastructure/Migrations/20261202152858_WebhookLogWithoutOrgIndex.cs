using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class WebhookLogWithoutOrgIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_org_id",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_webhook_attempts_org_id",
                table: "webhook_attempts");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_org_id",
                table: "webhook_deliveries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_attempts_org_id",
                table: "webhook_attempts",
                column: "org_id");
        }
    }
}

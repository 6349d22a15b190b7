using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class StoredWebhookIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Null for the deliveries made before, which keep the webhook-id made from their own id (no table rewrite).
            migrationBuilder.AddColumn<string>(
                name: "webhook_id",
                table: "webhook_deliveries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "webhook_id",
                table: "webhook_deliveries");
        }
    }
}

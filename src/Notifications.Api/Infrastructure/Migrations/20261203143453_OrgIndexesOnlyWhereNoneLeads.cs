using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrgIndexesOnlyWhereNoneLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_notifications_org_id",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "ix_notification_preferences_org_id",
                table: "notification_preferences");

            migrationBuilder.DropIndex(
                name: "ix_action_reminders_org_id",
                table: "action_reminders");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_notifications_org_id",
                table: "notifications",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_org_id",
                table: "notification_preferences",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_reminders_org_id",
                table: "action_reminders",
                column: "org_id");
        }
    }
}

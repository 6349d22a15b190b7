using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PeopleNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_reminders",
                columns: table => new
                {
                    action_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    title = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    priority = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    incident_reference = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_reminders", x => x.action_item_id);
                });

            migrationBuilder.CreateTable(
                name: "channel_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    notification_id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient_user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "fk_channel_deliveries_notifications_notification_id",
                        column: x => x.notification_id,
                        principalTable: "notifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    email_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    email_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    protected_slack_webhook_url = table.Column<string>(type: "character varying(1500)", maxLength: 1500, nullable: true),
                    slack_webhook_host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    slack_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    protected_teams_webhook_url = table.Column<string>(type: "character varying(1500)", maxLength: 1500, nullable: true),
                    teams_webhook_host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    teams_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    quiet_hours_start = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    quiet_hours_end = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    daily_digest_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    daily_digest_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    next_digest_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    muted_kinds = table.Column<string[]>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_action_reminders_org_id",
                table: "action_reminders",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_action_reminders_org_id_owner_user_id",
                table: "action_reminders",
                columns: new[] { "org_id", "owner_user_id" });

            migrationBuilder.CreateIndex(
                name: "ix_channel_deliveries_due",
                table: "channel_deliveries",
                column: "next_attempt_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_channel_deliveries_notification_id_channel",
                table: "channel_deliveries",
                columns: new[] { "notification_id", "channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channel_deliveries_org_id",
                table: "channel_deliveries",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_digest_due",
                table: "notification_preferences",
                column: "next_digest_at",
                filter: "daily_digest_enabled");

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_org_id",
                table: "notification_preferences",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_org_id_user_id",
                table: "notification_preferences",
                columns: new[] { "org_id", "user_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_reminders");

            migrationBuilder.DropTable(
                name: "channel_deliveries");

            migrationBuilder.DropTable(
                name: "notification_preferences");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TrackerSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tracker_connections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    base_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    project = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    user_name = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    protected_token = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    protected_webhook_secret = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    auto_create = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracker_connections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tracker_links",
                columns: table => new
                {
                    action_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<Guid>(type: "uuid", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    base_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    project = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    external_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    external_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true),
                    external_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    desired_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sync_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    pull_requested = table.Column<bool>(type: "boolean", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_poll_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    last_synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tracker_links", x => x.action_item_id);
                    table.ForeignKey(
                        name: "fk_tracker_links_action_items_action_item_id",
                        column: x => x.action_item_id,
                        principalTable: "action_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tracker_connections_org_id",
                table: "tracker_connections",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_tracker_connections_org_id_kind",
                table: "tracker_connections",
                columns: new[] { "org_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_connection_id_external_id",
                table: "tracker_links",
                columns: new[] { "connection_id", "external_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_org_id",
                table: "tracker_links",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_pending",
                table: "tracker_links",
                column: "next_attempt_at",
                filter: "sync_status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_tracker_links_poll",
                table: "tracker_links",
                column: "next_poll_at",
                filter: "sync_status = 'Synced'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tracker_connections");

            migrationBuilder.DropTable(
                name: "tracker_links");
        }
    }
}

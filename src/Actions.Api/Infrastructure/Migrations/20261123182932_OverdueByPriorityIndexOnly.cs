using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OverdueByPriorityIndexOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items",
                columns: new[] { "org_id", "status", "due_date" })
                .Annotation("Npgsql:IndexInclude", new[] { "priority" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items");

            migrationBuilder.CreateIndex(
                name: "ix_action_items_org_id_status_due_date",
                table: "action_items",
                columns: new[] { "org_id", "status", "due_date" });
        }
    }
}

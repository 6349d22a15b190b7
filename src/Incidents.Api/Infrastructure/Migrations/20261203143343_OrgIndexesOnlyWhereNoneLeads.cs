using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class OrgIndexesOnlyWhereNoneLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id",
                table: "incidents");

            migrationBuilder.DropIndex(
                name: "ix_incident_reference_counters_org_id",
                table: "incident_reference_counters");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id",
                table: "incidents",
                column: "org_id");

            migrationBuilder.CreateIndex(
                name: "ix_incident_reference_counters_org_id",
                table: "incident_reference_counters",
                column: "org_id");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class StoredResponseTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents");

            migrationBuilder.AddColumn<double>(
                name: "duration_minutes",
                table: "incidents",
                type: "double precision",
                nullable: true,
                computedColumnSql: "date_part('epoch', resolved_at - started_at) / 60",
                stored: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_customer_impacting",
                table: "incidents",
                type: "boolean",
                nullable: false,
                computedColumnSql: "coalesce((impact ->> 'isCustomerImpacting')::boolean, false)",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "time_to_acknowledge_minutes",
                table: "incidents",
                type: "double precision",
                nullable: true,
                computedColumnSql: "date_part('epoch', acknowledged_at - detected_at) / 60",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "time_to_detect_minutes",
                table: "incidents",
                type: "double precision",
                nullable: true,
                computedColumnSql: "date_part('epoch', detected_at - started_at) / 60",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "time_to_mitigate_minutes",
                table: "incidents",
                type: "double precision",
                nullable: true,
                computedColumnSql: "date_part('epoch', mitigated_at - detected_at) / 60",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "time_to_resolve_minutes",
                table: "incidents",
                type: "double precision",
                nullable: true,
                computedColumnSql: "date_part('epoch', resolved_at - detected_at) / 60",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents",
                columns: new[] { "org_id", "started_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "time_to_detect_minutes", "time_to_acknowledge_minutes", "time_to_mitigate_minutes", "time_to_resolve_minutes", "duration_minutes", "severity", "kind", "services", "is_customer_impacting" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "duration_minutes",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "is_customer_impacting",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "time_to_acknowledge_minutes",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "time_to_detect_minutes",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "time_to_mitigate_minutes",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "time_to_resolve_minutes",
                table: "incidents");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_org_id_started_at_id",
                table: "incidents",
                columns: new[] { "org_id", "started_at", "id" });
        }
    }
}

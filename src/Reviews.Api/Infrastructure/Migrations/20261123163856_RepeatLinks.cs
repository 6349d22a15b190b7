using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Reviews.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RepeatLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "repeat_of",
                table: "reviews",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "repeat_of",
                table: "reviews");
        }
    }
}

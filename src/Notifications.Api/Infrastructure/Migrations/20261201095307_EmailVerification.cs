using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class EmailVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "email_verification_codes_sent",
                table: "notification_preferences",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_verification_expires_at",
                table: "notification_preferences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email_verification_hash",
                table: "notification_preferences",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_verification_sent_at",
                table: "notification_preferences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "email_verification_tries",
                table: "notification_preferences",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_verification_window_start",
                table: "notification_preferences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "email_verified_at",
                table: "notification_preferences",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "email_verification_codes_sent",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verification_expires_at",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verification_hash",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verification_sent_at",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verification_tries",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verification_window_start",
                table: "notification_preferences");

            migrationBuilder.DropColumn(
                name: "email_verified_at",
                table: "notification_preferences");
        }
    }
}

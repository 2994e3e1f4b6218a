using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000009_Dashboard")]
public sealed class M0009_Dashboard : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "dashboard_logins",
            columns: t => new
            {
                TokenHash = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                ExpiresAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                UsedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_dashboard_logins", x => x.TokenHash);
                t.ForeignKey("FK_dashboard_logins_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_dashboard_logins_PersonId", "dashboard_logins", "PersonId");

        mb.CreateTable(
            name: "audit_log",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: true),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Action = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                Detail = t.Column<string>(type: mb.Varchar(400), maxLength: 400, nullable: true),
                At = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_audit_log", x => x.Id);
                t.ForeignKey("FK_audit_log_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_audit_log_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_audit_log_CommunityId_At", "audit_log", ["CommunityId", "At"]);
        mb.CreateIndex("IX_audit_log_PersonId", "audit_log", "PersonId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("audit_log");
        mb.DropTable("dashboard_logins");
    }
}

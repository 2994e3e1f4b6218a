using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000008_Coordination")]
public sealed class M0008_Coordination : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "person_capabilities",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Capability = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                GrantedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_person_capabilities", x => new { x.PersonId, x.Capability });
                t.ForeignKey("FK_person_capabilities_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "setup_codes",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CodeHash = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                RedeemedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_setup_codes", x => x.Id));
        mb.CreateIndex("IX_setup_codes_CodeHash", "setup_codes", "CodeHash", unique: true);

        mb.AddColumn<byte[]>("DocumentBytes", "outbox", type: mb.Blob(), nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("DocumentBytes", "outbox");
        mb.DropTable("setup_codes");
        mb.DropTable("person_capabilities");
    }
}

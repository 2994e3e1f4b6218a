using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000010_Leases")]
public sealed class M0010_Leases : Migration
{
    protected override void Up(MigrationBuilder mb) =>
        mb.CreateTable(
            name: "leases",
            columns: t => new
            {
                Name = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                Holder = t.Column<string>(type: mb.Varchar(100), maxLength: 100, nullable: false),
                ExpiresAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_leases", x => x.Name));

    protected override void Down(MigrationBuilder mb) => mb.DropTable("leases");
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000003_InboundReceiptsAndSplitMessages")]
public sealed class M0003_InboundReceiptsAndSplitMessages : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "inbound_receipts",
            columns: t => new
            {
                Id = t.Column<string>(type: mb.Varchar(80), maxLength: 80, nullable: false),
                ReceivedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_inbound_receipts", x => x.Id));
        mb.CreateIndex("IX_inbound_receipts_ReceivedAt", "inbound_receipts", "ReceivedAt");

        mb.AddColumn<int>("PartsSent", "outbox", type: mb.Int(), nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("PartsSent", "outbox");
        mb.DropTable("inbound_receipts");
    }
}

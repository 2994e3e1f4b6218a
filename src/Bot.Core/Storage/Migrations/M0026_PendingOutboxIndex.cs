using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// The waiting messages get an index of their own, holding only them, in the order they go out; it replaces the index
/// on (Status, Id), which held every message ever sent too. Every query by status asks for the waiting ones (the
/// dispatcher, the outbox depth), so nothing needed the rest.
/// On PostgreSQL, with a backlog of waiting messages, the planner walked the primary key instead of (Status, Id) and read
/// past every message already sent on each look for due chats: 3 to 16 ms a look in the inbound benchmark, up to fifty
/// looks a second. There the index is on the id alone, which the planner walks; on (channel, id) it still chose the
/// primary key. SQLite, which has no statistics, prefers any index that starts with the channel the look names, so there
/// the index starts with it (on the id alone, SQLite read every waiting message of the channel and sorted them).
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000026_PendingOutboxIndex")]
public sealed class M0026_PendingOutboxIndex : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.DropIndex("IX_outbox_Status_Id", "outbox");
        mb.CreateIndex("IX_outbox_Pending", "outbox", mb.IsSqlite() ? ["Channel", "Id"] : ["Id"], filter: "\"Status\" = 0");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_outbox_Pending", "outbox");
        mb.CreateIndex("IX_outbox_Status_Id", "outbox", ["Status", "Id"]);
    }
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// The index that finds an announcement's copies held a row for every message, though only announcement copies have a
/// broadcast id: now it holds just those. Every other message the bot writes (nearly all of them, one or two per turn)
/// is one index page write shorter, and the queries by broadcast id use it as before.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000025_BroadcastIndexOnlyForBroadcasts")]
public sealed class M0025_BroadcastIndexOnlyForBroadcasts : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.DropIndex("IX_outbox_BroadcastId_Status", "outbox");
        mb.CreateIndex("IX_outbox_BroadcastId_Status", "outbox", ["BroadcastId", "Status"], filter: "\"BroadcastId\" IS NOT NULL");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_outbox_BroadcastId_Status", "outbox");
        mb.CreateIndex("IX_outbox_BroadcastId_Status", "outbox", ["BroadcastId", "Status"]);
    }
}

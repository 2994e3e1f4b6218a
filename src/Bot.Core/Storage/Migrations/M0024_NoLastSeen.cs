using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// When a person last wrote was stored on every turn and never read by anything: it goes, with what it held. Knowing
/// nobody's last visit is the least data that works, and each turn is one write shorter.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000024_NoLastSeen")]
public sealed class M0024_NoLastSeen : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        if (mb.IsSqlite())
        {
            // EF would rebuild the table for this on SQLite, which needs a model snapshot these migrations do not keep;
            // SQLite drops a column of its own since 3.35 (the bundled library is newer).
            mb.Sql("ALTER TABLE \"people\" DROP COLUMN \"LastSeenAt\";");
        }
        else
        {
            mb.DropColumn("LastSeenAt", "people");
        }
    }

    protected override void Down(MigrationBuilder mb) =>
        mb.AddColumn<DateTimeOffset>("LastSeenAt", "people", type: mb.Timestamp(), nullable: true);
}

using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>"Always read aloud" per person, and the language of each outgoing message (its direction, its voice).</summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261207000020_LanguagesAndVoice")]
public sealed class M0020_LanguagesAndVoice : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<bool>("ReadAloud", "people", type: mb.Bool(), nullable: false, defaultValue: false);
        // Null in the rows already there: they read as the person's language does now.
        mb.AddColumn<string>("Language", "outbox", type: mb.Varchar(8), maxLength: 8, nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("Language", "outbox");
        mb.DropColumn("ReadAloud", "people");
    }
}

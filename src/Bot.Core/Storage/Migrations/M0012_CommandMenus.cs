using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>Command menus per person (sent through the outbox), and chats that moved to a new address.</summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261205000012_CommandMenus")]
public sealed class M0012_CommandMenus : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<int>("Kind", "outbox", type: mb.Int(), nullable: false, defaultValue: 0);
        // Null for everyone already here: each gets their menu at their next turn.
        mb.AddColumn<string>("MenuKey", "people", type: mb.Varchar(32), maxLength: 32, nullable: true);
        mb.AddColumn<string>("PreviousAddress", "people", type: mb.Varchar(64), maxLength: 64, nullable: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropColumn("PreviousAddress", "people");
        mb.DropColumn("MenuKey", "people");
        mb.DropColumn("Kind", "outbox");
    }
}

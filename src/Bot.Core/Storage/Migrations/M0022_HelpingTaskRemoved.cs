using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>A small task a coordinator removed keeps its row (the times people helped with it still count), marked removed.</summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000022_HelpingTaskRemoved")]
public sealed class M0022_HelpingTaskRemoved : Migration
{
    protected override void Up(MigrationBuilder mb) =>
        mb.AddColumn<DateTimeOffset>("RemovedAt", "helping_tasks", type: mb.Timestamp(), nullable: true);

    protected override void Down(MigrationBuilder mb) => mb.DropColumn("RemovedAt", "helping_tasks");
}

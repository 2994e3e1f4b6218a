using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000007_Broadcasts")]
public sealed class M0007_Broadcasts : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "broadcasts",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: true),
                CoordinatorPersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Audience = t.Column<int>(type: mb.Int(), nullable: false),
                Text = t.Column<string>(type: mb.Varchar(4000), maxLength: 4000, nullable: false),
                Urgent = t.Column<bool>(type: mb.Bool(), nullable: false),
                Unreachable = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                ConfirmedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                CancelledAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                ReportedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_broadcasts", x => x.Id);
                t.ForeignKey("FK_broadcasts_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_broadcasts_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.SetNull);
                t.ForeignKey("FK_broadcasts_people_CoordinatorPersonId", x => x.CoordinatorPersonId, "people", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_broadcasts_CommunityId", "broadcasts", "CommunityId");
        mb.CreateIndex("IX_broadcasts_CoordinatorPersonId", "broadcasts", "CoordinatorPersonId");
        mb.CreateIndex("IX_broadcasts_ActivityId", "broadcasts", "ActivityId");

        mb.AddColumn<long>("BroadcastId", "outbox", type: mb.BigInt(), nullable: true);
        mb.CreateIndex("IX_outbox_BroadcastId_Status", "outbox", ["BroadcastId", "Status"]);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropIndex("IX_outbox_BroadcastId_Status", "outbox");
        mb.DropColumn("BroadcastId", "outbox");
        mb.DropTable("broadcasts");
    }
}

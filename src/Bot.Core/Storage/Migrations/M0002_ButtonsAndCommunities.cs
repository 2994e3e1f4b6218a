using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261122000002_ButtonsAndCommunities")]
public sealed class M0002_ButtonsAndCommunities : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<DateTimeOffset>("LastSeenAt", "people", type: mb.Timestamp(), nullable: true);

        mb.CreateTable(
            name: "button_tokens",
            columns: t => new
            {
                Token = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Purpose = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                Args = t.Column<string>(type: mb.Text(), nullable: true),
                MessageId = t.Column<long>(type: mb.BigInt(), nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                UsedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                UsedChoice = t.Column<string>(type: mb.Text(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_button_tokens", x => x.Token);
                t.ForeignKey("FK_button_tokens_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_button_tokens_PersonId", "button_tokens", "PersonId");

        mb.CreateTable(
            name: "communities",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                Name = t.Column<string>(type: mb.Varchar(120), maxLength: 120, nullable: false),
                TimeZone = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_communities", x => x.Id));

        mb.CreateTable(
            name: "activities",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Name = t.Column<string>(type: mb.Varchar(120), maxLength: 120, nullable: false),
                Place = t.Column<string>(type: mb.Varchar(200), maxLength: 200, nullable: true),
                Description = t.Column<string>(type: mb.Varchar(500), maxLength: 500, nullable: true),
                Weekday = t.Column<int>(type: mb.Int(), nullable: true),
                StartsAt = t.Column<TimeOnly>(type: mb.Time(), nullable: true),
                DurationMinutes = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_activities", x => x.Id);
                t.ForeignKey("FK_activities_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_activities_CommunityId", "activities", "CommunityId");

        mb.CreateTable(
            name: "community_members",
            columns: t => new
            {
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                IsCoordinator = t.Column<bool>(type: mb.Bool(), nullable: false),
                IsVolunteer = t.Column<bool>(type: mb.Bool(), nullable: false),
                JoinedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_community_members", x => new { x.CommunityId, x.PersonId });
                t.ForeignKey("FK_community_members_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_community_members_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_community_members_PersonId", "community_members", "PersonId");

        mb.CreateTable(
            name: "activity_members",
            columns: t => new
            {
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                IsHost = t.Column<bool>(type: mb.Bool(), nullable: false),
                JoinedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_activity_members", x => new { x.ActivityId, x.PersonId });
                t.ForeignKey("FK_activity_members_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_activity_members_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_activity_members_PersonId", "activity_members", "PersonId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("activity_members");
        mb.DropTable("community_members");
        mb.DropTable("activities");
        mb.DropTable("communities");
        mb.DropTable("button_tokens");
        mb.DropColumn("LastSeenAt", "people");
    }
}

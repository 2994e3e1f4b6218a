using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// Safeguarding and data minimisation: coordinators approve volunteers and buddies (requests waiting for an answer, and
/// one review message owed to each community whose volunteers and buddies were there before approval came in, so they
/// keep their roles); messages record whom they name, for /forget; dashboard sessions end by a stamp on the person;
/// the cookie keys in the database; a login link's text gives way to a marker once sent; and who came before the
/// answers that are kept, so first-timers stay first-timers only once.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261206000013_Safeguarding")]
public sealed class M0013_Safeguarding : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<int>("SessionStamp", "people", type: mb.Int(), nullable: false, defaultValue: 0);
        mb.AddColumn<string>("TextWhenSent", "outbox", type: mb.Varchar(100), maxLength: 100, nullable: true);
        mb.AddColumn<bool>("CameBefore", "activity_members", type: mb.Bool(), nullable: false, defaultValue: false);

        mb.CreateTable(
            name: "outbox_mentions",
            columns: t => new
            {
                MessageId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_outbox_mentions", x => new { x.MessageId, x.PersonId });
                t.ForeignKey("FK_outbox_mentions_outbox_MessageId", x => x.MessageId, "outbox", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_outbox_mentions_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_outbox_mentions_PersonId", "outbox_mentions", "PersonId");

        mb.CreateTable(
            name: "role_requests",
            columns: t => new
            {
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Role = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: false),
                RequestedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_role_requests", x => new { x.CommunityId, x.PersonId, x.Role });
                t.ForeignKey("FK_role_requests_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_role_requests_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_role_requests_PersonId", "role_requests", "PersonId");

        mb.CreateTable(
            name: "role_reviews",
            columns: t => new
            {
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_role_reviews", x => x.CommunityId);
                t.ForeignKey("FK_role_reviews_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });
        // Today's volunteers and buddies keep their roles (the flags stay as they are); their coordinators are owed a list.
        mb.Sql("INSERT INTO role_reviews (\"CommunityId\") SELECT DISTINCT \"CommunityId\" FROM community_members WHERE \"IsVolunteer\" OR \"WillingBuddy\";");

        mb.CreateTable(
            name: "data_protection_keys",
            columns: t => new
            {
                Id = t.Column<int>(type: mb.Int(), nullable: false).Identity(),
                FriendlyName = t.Column<string>(type: mb.Text(), nullable: true),
                Xml = t.Column<string>(type: mb.Text(), nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_data_protection_keys", x => x.Id));
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("data_protection_keys");
        mb.DropTable("role_reviews");
        mb.DropTable("role_requests");
        mb.DropTable("outbox_mentions");
        mb.DropColumn("CameBefore", "activity_members");
        mb.DropColumn("TextWhenSent", "outbox");
        mb.DropColumn("SessionStamp", "people");
    }
}

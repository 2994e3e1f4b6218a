using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000004_Participation")]
public sealed class M0004_Participation : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<TimeOnly>("QuietFrom", "people", type: mb.Time(), nullable: true);
        mb.AddColumn<TimeOnly>("QuietUntil", "people", type: mb.Time(), nullable: true);
        mb.AddColumn<bool>("WillingBuddy", "community_members", type: mb.Bool(), nullable: false, defaultValue: false);

        // One weekday becomes a set of days; the old column goes once its value has moved over.
        mb.AddColumn<int>("Days", "activities", type: mb.Int(), nullable: false, defaultValue: 0);
        mb.Sql("UPDATE activities SET \"Days\" = 1 << \"Weekday\" WHERE \"Weekday\" IS NOT NULL;");
        mb.Sql("ALTER TABLE activities DROP COLUMN \"Weekday\";");
        mb.AddColumn<string>("MeetingPoint", "activities", type: mb.Varchar(200), maxLength: 200, nullable: true);
        mb.AddColumn<int>("FirstNudgeDaysBefore", "activities", type: mb.Int(), nullable: false, defaultValue: 1);
        mb.AddColumn<TimeOnly>("FirstNudgeAt", "activities", type: mb.Time(), nullable: false, defaultValue: new TimeOnly(17, 0));
        mb.AddColumn<int>("SecondNudgeHoursBefore", "activities", type: mb.Int(), nullable: false, defaultValue: 3);
        mb.AddColumn<int>("BriefingHoursBefore", "activities", type: mb.Int(), nullable: false, defaultValue: 3);
        mb.AddColumn<string>("InviteCode", "activities", type: mb.Varchar(32), maxLength: 32, nullable: true);
        mb.AddColumn<DateTimeOffset>("InviteExpiresAt", "activities", type: mb.Timestamp(), nullable: true);
        mb.CreateIndex("IX_activities_InviteCode", "activities", "InviteCode", unique: true);

        mb.CreateTable(
            name: "occurrences",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                StartsAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                EndsAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                CancelledAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                FirstNudgeDoneAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                SecondNudgeDoneAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                BriefingDoneAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_occurrences", x => x.Id);
                t.ForeignKey("FK_occurrences_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_occurrences_ActivityId_StartsAt", "occurrences", ["ActivityId", "StartsAt"], unique: true);
        mb.CreateIndex("IX_occurrences_StartsAt", "occurrences", "StartsAt");

        mb.CreateTable(
            name: "rsvps",
            columns: t => new
            {
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Answer = t.Column<int>(type: mb.Int(), nullable: false),
                WantsCompany = t.Column<bool>(type: mb.Bool(), nullable: false),
                AnsweredAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_rsvps", x => new { x.OccurrenceId, x.PersonId });
                t.ForeignKey("FK_rsvps_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_rsvps_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_rsvps_PersonId", "rsvps", "PersonId");

        mb.CreateTable(
            name: "nudges_sent",
            columns: t => new
            {
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Phase = t.Column<int>(type: mb.Int(), nullable: false),
                SentAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_nudges_sent", x => new { x.OccurrenceId, x.PersonId, x.Phase });
                t.ForeignKey("FK_nudges_sent_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_nudges_sent_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_nudges_sent_PersonId_SentAt", "nudges_sent", ["PersonId", "SentAt"]);

        mb.CreateTable(
            name: "company_requests",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                BuddyPersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Status = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                ResolvedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_company_requests", x => x.Id);
                t.ForeignKey("FK_company_requests_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_company_requests_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_company_requests_people_BuddyPersonId", x => x.BuddyPersonId, "people", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_company_requests_OccurrenceId_PersonId", "company_requests", ["OccurrenceId", "PersonId"]);
        mb.CreateIndex("IX_company_requests_PersonId", "company_requests", "PersonId");
        mb.CreateIndex("IX_company_requests_BuddyPersonId", "company_requests", "BuddyPersonId");

        mb.CreateTable(
            name: "company_prompts",
            columns: t => new
            {
                RequestId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                AskedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_company_prompts", x => new { x.RequestId, x.PersonId });
                t.ForeignKey("FK_company_prompts_company_requests_RequestId", x => x.RequestId, "company_requests", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_company_prompts_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_company_prompts_PersonId", "company_prompts", "PersonId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("company_prompts");
        mb.DropTable("company_requests");
        mb.DropTable("nudges_sent");
        mb.DropTable("rsvps");
        mb.DropTable("occurrences");
        mb.DropIndex("IX_activities_InviteCode", "activities");
        foreach (var column in new[] { "InviteExpiresAt", "InviteCode", "BriefingHoursBefore", "SecondNudgeHoursBefore", "FirstNudgeAt", "FirstNudgeDaysBefore", "MeetingPoint" })
        {
            mb.DropColumn(column, "activities");
        }
        mb.AddColumn<int>("Weekday", "activities", type: mb.Int(), nullable: true);
        mb.DropColumn("Days", "activities");
        mb.DropColumn("WillingBuddy", "community_members");
        mb.DropColumn("QuietUntil", "people");
        mb.DropColumn("QuietFrom", "people");
    }
}

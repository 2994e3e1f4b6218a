using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// From participant to contributor: ideas for activities (approved by a coordinator before anyone sees them), who would
/// join them, the weekly ideas message sent; small tasks per activity, who takes one at an occurrence, and who was
/// asked the one question about helping.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000021_IdeasAndHelpingHands")]
public sealed class M0021_IdeasAndHelpingHands : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "ideas",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: true),
                ProposerPersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Text = t.Column<string>(type: mb.Varchar(300), maxLength: 300, nullable: false),
                Status = t.Column<int>(type: mb.Int(), nullable: false),
                ProposedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                DecidedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                BecameActivityId = t.Column<long>(type: mb.BigInt(), nullable: true),
                BecameActivityAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                InterestTold = t.Column<int>(type: mb.Int(), nullable: false),
                InterestToldAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ideas", x => x.Id);
                t.ForeignKey("FK_ideas_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_ideas_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.SetNull);
                t.ForeignKey("FK_ideas_activities_BecameActivityId", x => x.BecameActivityId, "activities", "Id", onDelete: ReferentialAction.SetNull);
                t.ForeignKey("FK_ideas_people_ProposerPersonId", x => x.ProposerPersonId, "people", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_ideas_CommunityId_Status", "ideas", ["CommunityId", "Status"]);
        mb.CreateIndex("IX_ideas_ProposerPersonId", "ideas", "ProposerPersonId");
        mb.CreateIndex("IX_ideas_ActivityId", "ideas", "ActivityId");
        mb.CreateIndex("IX_ideas_BecameActivityId", "ideas", "BecameActivityId");

        mb.CreateTable(
            name: "idea_interest",
            columns: t => new
            {
                IdeaId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                At = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_idea_interest", x => new { x.IdeaId, x.PersonId });
                t.ForeignKey("FK_idea_interest_ideas_IdeaId", x => x.IdeaId, "ideas", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_idea_interest_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_idea_interest_PersonId", "idea_interest", "PersonId");

        mb.CreateTable(
            name: "idea_messages",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                SentAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_idea_messages", x => x.Id);
                t.ForeignKey("FK_idea_messages_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_idea_messages_PersonId_SentAt", "idea_messages", ["PersonId", "SentAt"]);

        mb.CreateTable(
            name: "helping_tasks",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Name = t.Column<string>(type: mb.Varchar(80), maxLength: 80, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_helping_tasks", x => x.Id);
                t.ForeignKey("FK_helping_tasks_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_helping_tasks_ActivityId", "helping_tasks", "ActivityId");

        mb.CreateTable(
            name: "helping_hands",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                TaskId = t.Column<long>(type: mb.BigInt(), nullable: false),
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                TakenAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_helping_hands", x => x.Id);
                t.ForeignKey("FK_helping_hands_helping_tasks_TaskId", x => x.TaskId, "helping_tasks", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_helping_hands_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_helping_hands_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_helping_hands_OccurrenceId_TaskId", "helping_hands", ["OccurrenceId", "TaskId"], unique: true);
        mb.CreateIndex("IX_helping_hands_PersonId", "helping_hands", "PersonId");
        mb.CreateIndex("IX_helping_hands_TaskId", "helping_hands", "TaskId");

        mb.CreateTable(
            name: "helping_asked",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                SaidNotNow = t.Column<bool>(type: mb.Bool(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_helping_asked", x => x.PersonId);
                t.ForeignKey("FK_helping_asked_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("helping_asked");
        mb.DropTable("helping_hands");
        mb.DropTable("helping_tasks");
        mb.DropTable("idea_messages");
        mb.DropTable("idea_interest");
        mb.DropTable("ideas");
    }
}

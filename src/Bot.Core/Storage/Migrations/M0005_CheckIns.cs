using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000005_CheckIns")]
public sealed class M0005_CheckIns : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<DateTimeOffset>("CheckInDoneAt", "occurrences", type: mb.Timestamp(), nullable: true);
        mb.AddColumn<DateTimeOffset>("CheckInDigestDoneAt", "occurrences", type: mb.Timestamp(), nullable: true);
        mb.AddColumn<string>("DocumentName", "outbox", type: mb.Varchar(100), maxLength: 100, nullable: true);
        mb.AddColumn<string>("DocumentText", "outbox", type: mb.Text(), nullable: true);

        mb.CreateTable(
            name: "check_ins",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Variant = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: false),
                QuestionId = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                AskedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                AnswerId = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: true),
                AnsweredAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                TalkRequestedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                TalkTakenByPersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_check_ins", x => x.Id);
                t.ForeignKey("FK_check_ins_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_check_ins_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_check_ins_people_TalkTakenByPersonId", x => x.TalkTakenByPersonId, "people", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_check_ins_OccurrenceId_PersonId", "check_ins", ["OccurrenceId", "PersonId"], unique: true);
        mb.CreateIndex("IX_check_ins_PersonId", "check_ins", "PersonId");
        mb.CreateIndex("IX_check_ins_AskedAt", "check_ins", "AskedAt");
        mb.CreateIndex("IX_check_ins_TalkTakenByPersonId", "check_ins", "TalkTakenByPersonId");

        mb.CreateTable(
            name: "evaluation_figures",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Period = t.Column<string>(type: mb.Varchar(8), maxLength: 8, nullable: false),
                Start = t.Column<DateOnly>(type: mb.Date(), nullable: false),
                FiguresJson = t.Column<string>(type: mb.Text(), nullable: false),
                FoldedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_evaluation_figures", x => x.Id);
                t.ForeignKey("FK_evaluation_figures_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_evaluation_figures_ActivityId_Period_Start", "evaluation_figures", ["ActivityId", "Period", "Start"], unique: true);
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("evaluation_figures");
        mb.DropTable("check_ins");
        mb.DropColumn("DocumentText", "outbox");
        mb.DropColumn("DocumentName", "outbox");
        mb.DropColumn("CheckInDigestDoneAt", "occurrences");
        mb.DropColumn("CheckInDoneAt", "occurrences");
    }
}

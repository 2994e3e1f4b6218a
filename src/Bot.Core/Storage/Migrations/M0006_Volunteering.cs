using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261123000006_Volunteering")]
public sealed class M0006_Volunteering : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.AddColumn<int>("CoverageAlertsSent", "occurrences", type: mb.Int(), nullable: false, defaultValue: 0);

        mb.CreateTable(
            name: "volunteers",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Roles = t.Column<string>(type: mb.Varchar(400), maxLength: 400, nullable: false),
                Frequency = t.Column<int>(type: mb.Int(), nullable: false),
                JoinedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_volunteers", x => x.PersonId);
                t.ForeignKey("FK_volunteers_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "shift_templates",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                ActivityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Role = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                StartsAt = t.Column<TimeOnly>(type: mb.Time(), nullable: false),
                EndsAt = t.Column<TimeOnly>(type: mb.Time(), nullable: false),
                Needed = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_shift_templates", x => x.Id);
                t.ForeignKey("FK_shift_templates_activities_ActivityId", x => x.ActivityId, "activities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_shift_templates_ActivityId", "shift_templates", "ActivityId");

        mb.CreateTable(
            name: "shifts",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                TemplateId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Role = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                StartsAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                EndsAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                Needed = t.Column<int>(type: mb.Int(), nullable: false),
                Taken = t.Column<int>(type: mb.Int(), nullable: false),
                NextWaveAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_shifts", x => x.Id);
                t.ForeignKey("FK_shifts_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_shifts_shift_templates_TemplateId", x => x.TemplateId, "shift_templates", "Id", onDelete: ReferentialAction.SetNull);
            });
        mb.CreateIndex("IX_shifts_OccurrenceId_TemplateId", "shifts", ["OccurrenceId", "TemplateId"], unique: true);
        mb.CreateIndex("IX_shifts_StartsAt", "shifts", "StartsAt");
        mb.CreateIndex("IX_shifts_TemplateId", "shifts", "TemplateId");

        mb.CreateTable(
            name: "shift_prompts",
            columns: t => new
            {
                ShiftId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                AskedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                Accepted = t.Column<bool>(type: mb.Bool(), nullable: true),
                AnsweredAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_shift_prompts", x => new { x.ShiftId, x.PersonId });
                t.ForeignKey("FK_shift_prompts_shifts_ShiftId", x => x.ShiftId, "shifts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_shift_prompts_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_shift_prompts_PersonId_AskedAt", "shift_prompts", ["PersonId", "AskedAt"]);

        mb.CreateTable(
            name: "shift_assignments",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                ShiftId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                AcceptedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                HandedBackAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                RemindedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_shift_assignments", x => x.Id);
                t.ForeignKey("FK_shift_assignments_shifts_ShiftId", x => x.ShiftId, "shifts", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_shift_assignments_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_shift_assignments_ShiftId_PersonId", "shift_assignments", ["ShiftId", "PersonId"]);
        mb.CreateIndex("IX_shift_assignments_PersonId", "shift_assignments", "PersonId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("shift_assignments");
        mb.DropTable("shift_prompts");
        mb.DropTable("shifts");
        mb.DropTable("shift_templates");
        mb.DropTable("volunteers");
        mb.DropColumn("CoverageAlertsSent", "occurrences");
    }
}

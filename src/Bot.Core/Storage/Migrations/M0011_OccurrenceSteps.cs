using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// The steps of an occurrence get rows of their own (occurrence_steps) instead of a column each on occurrences, so a
/// feature adds a step without a column; Hangfire replaces Quartz, whose tables go. The steps that ran are carried
/// over as done; those that did not get their rows from the planner at the next start, with their due times worked
/// out from the activity (which SQL here cannot do across time zones), so none is lost and none runs twice.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261205000011_OccurrenceSteps")]
public sealed class M0011_OccurrenceSteps : Migration
{
    /// <summary>The step columns and the names their rows take now (the step classes' Name).</summary>
    private static readonly (string Column, string Step)[] DoneColumns =
    [
        ("FirstNudgeDoneAt", "first-nudge"),
        ("SecondNudgeDoneAt", "second-nudge"),
        ("BriefingDoneAt", "briefing"),
        ("CheckInDoneAt", "check-in"),
        ("CheckInDigestDoneAt", "check-in-digest"),
    ];

    /// <summary>Quartz's tables, those that point at others first.</summary>
    private static readonly string[] QuartzTables =
    [
        "qrtz_fired_triggers", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_locks", "qrtz_simple_triggers",
        "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers", "qrtz_triggers", "qrtz_job_details", "qrtz_calendars",
    ];

    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "occurrence_steps",
            columns: t => new
            {
                OccurrenceId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Step = t.Column<string>(type: mb.Varchar(32), maxLength: 32, nullable: false),
                DueAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                DoneAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_occurrence_steps", x => new { x.OccurrenceId, x.Step });
                t.ForeignKey("FK_occurrence_steps_occurrences_OccurrenceId", x => x.OccurrenceId, "occurrences", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_occurrence_steps_DoneAt_DueAt", "occurrence_steps", ["DoneAt", "DueAt"]);

        // When a step was due is not kept anywhere; when it ran is as close as can be, and only "done" matters now.
        foreach (var (column, step) in DoneColumns)
        {
            mb.Sql($"INSERT INTO occurrence_steps (\"OccurrenceId\", \"Step\", \"DueAt\", \"DoneAt\") "
                + $"SELECT \"Id\", '{step}', \"{column}\", \"{column}\" FROM occurrences WHERE \"{column}\" IS NOT NULL;");
        }
        // The coverage alerts were a count without a time: the start stands in for it.
        mb.Sql("INSERT INTO occurrence_steps (\"OccurrenceId\", \"Step\", \"DueAt\", \"DoneAt\") "
            + "SELECT \"Id\", 'coverage-first', \"StartsAt\", \"StartsAt\" FROM occurrences WHERE \"CoverageAlertsSent\" >= 1;");
        mb.Sql("INSERT INTO occurrence_steps (\"OccurrenceId\", \"Step\", \"DueAt\", \"DoneAt\") "
            + "SELECT \"Id\", 'coverage-second', \"StartsAt\", \"StartsAt\" FROM occurrences WHERE \"CoverageAlertsSent\" >= 2;");

        foreach (var (column, _) in DoneColumns)
        {
            mb.Sql($"ALTER TABLE occurrences DROP COLUMN \"{column}\";");
        }
        mb.Sql("ALTER TABLE occurrences DROP COLUMN \"CoverageAlertsSent\";");

        // Quartz made these itself (ProvisionSchema) in the bot's database; Hangfire keeps its state elsewhere (in memory,
        // or its own schema on PostgreSQL). Unquoted, so PostgreSQL folds the names as Quartz's script did, and SQLite
        // matches them in any case.
        foreach (var table in QuartzTables)
        {
            mb.Sql(mb.IsSqlite() ? $"DROP TABLE IF EXISTS {table};" : $"DROP TABLE IF EXISTS {table} CASCADE;");
        }
    }

    protected override void Down(MigrationBuilder mb)
    {
        foreach (var (column, step) in DoneColumns)
        {
            mb.AddColumn<DateTimeOffset>(column, "occurrences", type: mb.Timestamp(), nullable: true);
            mb.Sql($"UPDATE occurrences SET \"{column}\" = (SELECT s.\"DoneAt\" FROM occurrence_steps s WHERE s.\"OccurrenceId\" = occurrences.\"Id\" AND s.\"Step\" = '{step}');");
        }
        mb.AddColumn<int>("CoverageAlertsSent", "occurrences", type: mb.Int(), nullable: false, defaultValue: 0);
        mb.Sql("UPDATE occurrences SET \"CoverageAlertsSent\" = (SELECT COUNT(*) FROM occurrence_steps s WHERE s.\"OccurrenceId\" = occurrences.\"Id\" "
            + "AND s.\"Step\" IN ('coverage-first', 'coverage-second') AND s.\"DoneAt\" IS NOT NULL);");
        mb.DropTable("occurrence_steps");
    }
}

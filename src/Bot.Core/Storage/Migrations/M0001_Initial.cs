using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

[DbContext(typeof(MakkerDb))]
[Migration("20261122000001_Initial")]
public sealed class M0001_Initial : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "people",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                Channel = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: false),
                ExternalId = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                FirstName = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: true),
                Language = t.Column<string>(type: mb.Varchar(8), maxLength: 8, nullable: true),
                Consent = t.Column<int>(type: mb.Int(), nullable: false),
                ConsentChangedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                PausedUntil = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                PausedIndefinitely = t.Column<bool>(type: mb.Bool(), nullable: false),
                Unreachable = t.Column<bool>(type: mb.Bool(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_people", x => x.Id));
        mb.CreateIndex("IX_people_Channel_ExternalId", "people", ["Channel", "ExternalId"], unique: true);

        mb.CreateTable(
            name: "dialog_states",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                FramesJson = t.Column<string>(type: mb.Text(), nullable: false),
                UpdatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_dialog_states", x => x.PersonId);
                t.ForeignKey("FK_dialog_states_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "outbox",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: true),
                Channel = t.Column<string>(type: mb.Varchar(16), maxLength: 16, nullable: false),
                Address = t.Column<string>(type: mb.Varchar(64), maxLength: 64, nullable: false),
                Text = t.Column<string>(type: mb.Text(), nullable: false),
                ButtonsJson = t.Column<string>(type: mb.Text(), nullable: true),
                EditsMessageId = t.Column<long>(type: mb.BigInt(), nullable: true),
                DeleteWhenSent = t.Column<bool>(type: mb.Bool(), nullable: false),
                Status = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
                NotBefore = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                SentAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: true),
                ChannelMessageId = t.Column<string>(type: mb.Text(), nullable: true),
                Attempts = t.Column<int>(type: mb.Int(), nullable: false),
                LastError = t.Column<string>(type: mb.Text(), nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_outbox", x => x.Id);
                t.ForeignKey("FK_outbox_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_outbox_Status_Id", "outbox", ["Status", "Id"]);
        mb.CreateIndex("IX_outbox_Channel_Address_Id", "outbox", ["Channel", "Address", "Id"]);
        mb.CreateIndex("IX_outbox_PersonId", "outbox", "PersonId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("outbox");
        mb.DropTable("dialog_states");
        mb.DropTable("people");
    }
}

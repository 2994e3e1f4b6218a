using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Makker.Storage.Migrations;

/// <summary>
/// The partnership's self-evaluation: a community's partners and which partner each coordinator belongs to, the
/// participants' answers to the quarterly questions (whether they agreed to them, and which were sent), the partners' reflections, and each finished quarter's figures.
/// </summary>
[DbContext(typeof(MakkerDb))]
[Migration("20261208000023_SelfEvaluation")]
public sealed class M0023_SelfEvaluation : Migration
{
    protected override void Up(MigrationBuilder mb)
    {
        mb.CreateTable(
            name: "partners",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Name = t.Column<string>(type: mb.Varchar(80), maxLength: 80, nullable: false),
                Kind = t.Column<int>(type: mb.Int(), nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_partners", x => x.Id);
                t.ForeignKey("FK_partners_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_partners_CommunityId", "partners", "CommunityId");

        mb.CreateTable(
            name: "partner_coordinators",
            columns: t => new
            {
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                PartnerId = t.Column<long>(type: mb.BigInt(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_partner_coordinators", x => new { x.CommunityId, x.PersonId });
                t.ForeignKey("FK_partner_coordinators_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_partner_coordinators_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_partner_coordinators_partners_PartnerId", x => x.PartnerId, "partners", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_partner_coordinators_PersonId", "partner_coordinators", "PersonId");
        mb.CreateIndex("IX_partner_coordinators_PartnerId", "partner_coordinators", "PartnerId");

        mb.CreateTable(
            name: "quarter_answers",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Quarter = t.Column<DateOnly>(type: mb.Date(), nullable: false),
                QuestionKey = t.Column<string>(type: mb.Varchar(40), maxLength: 40, nullable: false),
                Answer = t.Column<string>(type: mb.Varchar(40), maxLength: 40, nullable: false),
                AnsweredAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_quarter_answers", x => new { x.PersonId, x.CommunityId, x.Quarter, x.QuestionKey });
                t.ForeignKey("FK_quarter_answers_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_quarter_answers_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_quarter_answers_CommunityId_Quarter", "quarter_answers", ["CommunityId", "Quarter"]);

        mb.CreateTable(
            name: "partner_reflections",
            columns: t => new
            {
                PartnerId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Quarter = t.Column<DateOnly>(type: mb.Date(), nullable: false),
                ComeAndGo = t.Column<int>(type: mb.Int(), nullable: false),
                EqualFooting = t.Column<int>(type: mb.Int(), nullable: false),
                MixedGroup = t.Column<int>(type: mb.Int(), nullable: false),
                MeetRegularly = t.Column<int>(type: mb.Int(), nullable: false),
                PlanAfter = t.Column<int>(type: mb.Int(), nullable: false),
                Note = t.Column<string>(type: mb.Varchar(500), maxLength: 500, nullable: true),
                AnsweredAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_partner_reflections", x => new { x.PartnerId, x.Quarter });
                t.ForeignKey("FK_partner_reflections_partners_PartnerId", x => x.PartnerId, "partners", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "quarter_figures",
            columns: t => new
            {
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Quarter = t.Column<DateOnly>(type: mb.Date(), nullable: false),
                FiguresJson = t.Column<string>(type: mb.Text(), nullable: false),
                FoldedAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_quarter_figures", x => new { x.CommunityId, x.Quarter });
                t.ForeignKey("FK_quarter_figures_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "evaluation_consent",
            columns: t => new
            {
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Agreed = t.Column<bool>(type: mb.Bool(), nullable: false),
                At = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_evaluation_consent", x => x.PersonId);
                t.ForeignKey("FK_evaluation_consent_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
            });

        mb.CreateTable(
            name: "quarter_questions_sent",
            columns: t => new
            {
                Id = t.Column<long>(type: mb.BigInt(), nullable: false).Identity(),
                PersonId = t.Column<long>(type: mb.BigInt(), nullable: false),
                CommunityId = t.Column<long>(type: mb.BigInt(), nullable: false),
                Quarter = t.Column<DateOnly>(type: mb.Date(), nullable: false),
                QuestionKey = t.Column<string>(type: mb.Varchar(40), maxLength: 40, nullable: false),
                SentAt = t.Column<DateTimeOffset>(type: mb.Timestamp(), nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_quarter_questions_sent", x => x.Id);
                t.ForeignKey("FK_quarter_questions_sent_people_PersonId", x => x.PersonId, "people", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_quarter_questions_sent_communities_CommunityId", x => x.CommunityId, "communities", "Id", onDelete: ReferentialAction.Cascade);
            });
        mb.CreateIndex("IX_quarter_questions_sent_PersonId_SentAt", "quarter_questions_sent", ["PersonId", "SentAt"]);
        mb.CreateIndex("IX_quarter_questions_sent_CommunityId", "quarter_questions_sent", "CommunityId");
    }

    protected override void Down(MigrationBuilder mb)
    {
        mb.DropTable("quarter_questions_sent");
        mb.DropTable("evaluation_consent");
        mb.DropTable("quarter_figures");
        mb.DropTable("partner_reflections");
        mb.DropTable("quarter_answers");
        mb.DropTable("partner_coordinators");
        mb.DropTable("partners");
    }
}

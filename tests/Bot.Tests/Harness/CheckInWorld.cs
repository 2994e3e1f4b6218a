using System.Globalization;
using System.Text;
using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Harness;

/// <summary>
/// The Thursday dinner of <see cref="ParticipationWorld"/> seen from check-ins: people press "I'm coming" on
/// their nudge, the dinner is held, each answers the one question with the button they were sent, and a
/// coordinator asks for the numbers with /report.
/// </summary>
public sealed class CheckInWorld
{
    private static readonly DateOnly FirstDinner = new(2026, 11, 26);

    private CheckInWorld(ParticipationWorld world) => World = world;

    public ParticipationWorld World { get; }
    public ConversationHarness H => World.H;

    public static async Task<CheckInWorld> CreateAsync(ConversationHarness harness) =>
        new(await ParticipationWorld.CreateAsync(harness));

    /// <summary>The date of dinner number <paramref name="week"/>; 0 is Thursday 26 November 2026.</summary>
    public static DateOnly DinnerDate(int week) => FirstDinner.AddDays(7 * week);

    /// <summary>Built from the local date, so weeks across a daylight-saving change stay at 17:30 local time.</summary>
    public static DateTimeOffset Dinner(int week) => Local(DinnerDate(week), 17, 30);

    /// <summary>The check-in goes out 30 minutes after the 150-minute dinner ends.</summary>
    public static DateTimeOffset CheckInAt(int week) => Dinner(week).AddMinutes(150 + 30);

    public static DateTimeOffset Local(DateOnly date, int hour, int minute = 0) =>
        ParticipationWorld.Local(date.Year, date.Month, date.Day, hour, minute);

    public static Period Week(int week) => Period.Containing(PeriodKind.Week, DinnerDate(week));

    public static Period Month(int year, int month) => new(PeriodKind.Month, new DateOnly(year, month, 1));

    public async Task JoinAsync(params string[] people)
    {
        foreach (var who in people)
        {
            await World.JoinAsync(who);
        }
    }

    /// <summary>A consenting person who coordinates the community (or another one); coordinators are set up by hand, as hosts are.</summary>
    public async Task MakeCoordinatorAsync(string who, long? communityId = null)
    {
        await H.ConsentAsync(who);
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        db.CommunityMembers.Add(new CommunityMember
        {
            CommunityId = communityId ?? World.CommunityId,
            PersonId = person.Id,
            IsCoordinator = true,
            JoinedAt = H.Clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// One dinner: the nudge the day before, each person in <paramref name="answers"/> presses "I'm coming", the
    /// dinner is held, and each answers the check-in with the answer id given (null: says nothing). The clock
    /// stops just after the answers, inside the answer window. Those in <paramref name="notToday"/> press "Not today".
    /// </summary>
    public async Task DinnerAsync(int week, IReadOnlyDictionary<string, string?> answers, IEnumerable<string>? notToday = null)
    {
        var nudgeAt = Local(DinnerDate(week).AddDays(-1), 17);
        await World.RunUntilAsync(nudgeAt);
        foreach (var who in answers.Keys)
        {
            await AnswerNudgeAsync(who, ParticipationTexts.ButtonComing, nudgeAt);
        }
        foreach (var who in notToday ?? [])
        {
            await AnswerNudgeAsync(who, ParticipationTexts.ButtonNotToday, nudgeAt);
        }
        await World.RunUntilAsync(CheckInAt(week));
        foreach (var (who, answer) in answers)
        {
            if (answer is not null)
            {
                await AnswerAsync(who, answer);
            }
        }
    }

    /// <summary>Everyone in <paramref name="people"/> comes and gives the same answer.</summary>
    public Task DinnerAsync(int week, IEnumerable<string> people, string answer) =>
        DinnerAsync(week, people.ToDictionary(p => p, _ => (string?)answer));

    /// <summary>
    /// Presses the button with this text on the newest nudge the person got, which must have been sent at
    /// <paramref name="sentSince"/> or later: an answer to last week's nudge would count for last week's dinner.
    /// </summary>
    public async Task AnswerNudgeAsync(string who, string labelKey, DateTimeOffset sentSince)
    {
        var nudge = await World.LastNudgeAsync(who);
        Assert.True(nudge is not null && nudge.CreatedAt >= sentSince, $"{who} has had no nudge since {sentSince:u}.");
        var label = H.T(labelKey);
        var button = Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Single(b => b.Label == label);
        await H.PressPayload(who, button.Payload, nudge.Id);
    }

    /// <summary>Presses the button for <paramref name="answerId"/> on the newest check-in question the person was sent.</summary>
    public async Task<Replies> AnswerAsync(string who, string answerId)
    {
        OutboxMessage question;
        await using (var db = H.Db())
        {
            var person = await db.People.SingleAsync(p => p.ExternalId == who);
            var token = await db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == CheckInStep.Purpose)
                .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.MessageId).FirstAsync();
            question = await db.Outbox.SingleAsync(o => o.Id == token.MessageId);
        }
        var button = Replies.ParseButtons(question.ButtonsJson).SelectMany(r => r)
            .Single(b => ButtonPayload.Parse(b.Payload) is ButtonPayload.Choice c && c.ChoiceId == answerId);
        return await H.PressPayload(who, button.Payload, question.Id);
    }

    /// <summary>/report csv: the one file queued for the coordinator, as its text.</summary>
    public async Task<string> CsvAsync(string who)
    {
        var replies = await H.Send(who, "/report csv");
        var file = Assert.Single(replies.Messages, m => m.DocumentName is not null);
        Assert.EndsWith(".csv", file.DocumentName, StringComparison.Ordinal);
        Assert.Equal(H.T(CheckInTexts.ReportCsvCaption), file.Text);
        Assert.StartsWith("\uFEFF", file.DocumentText, StringComparison.Ordinal); // so Excel reads it as UTF-8
        return file.DocumentText![1..];
    }

    public async Task<ActivityPlace> PlaceAsync(long? activityId = null)
    {
        await using var db = H.Db();
        return (await H.Services.GetRequiredService<ActivityDirectory>().FindAsync(db, activityId ?? World.DinnerId, CancellationToken.None))!;
    }

    /// <summary>The figures as a report shows them: folded if the period is folded, else counted now.</summary>
    public async Task<PeriodFigures> FiguresAsync(Period period)
    {
        var place = await PlaceAsync();
        await using var db = H.Db();
        return await H.Services.GetRequiredService<EvaluationNumbers>().FiguresAsync(db, place, period, H.Clock.GetUtcNow(), CancellationToken.None);
    }

    /// <summary>The figures counted from the individual rows as they are now, whether folded or not.</summary>
    public async Task<PeriodFigures> CountAsync(Period period)
    {
        var place = await PlaceAsync();
        await using var db = H.Db();
        return await EvaluationNumbers.CountAsync(db, place, period, H.Clock.GetUtcNow(), CancellationToken.None);
    }

    public async Task<RetentionResult> RetentionAsync() =>
        await H.Services.GetRequiredService<CheckInRetention>().RunAsync(H.Clock.GetUtcNow(), CancellationToken.None);

    /// <summary>
    /// Figures as one line of text, answers in a fixed order, so two sets compare by value (the record's lists
    /// compare by reference) and a failure shows what differs.
    /// </summary>
    public static string Describe(PeriodFigures f)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"held {f.Held}, coming {f.Coming}, first {f.FirstTime}, returning {f.Returning}");
        foreach (var q in f.Questions)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {q.Variant}:{q.QuestionId} asked {q.Asked}, answered {q.Answered} [");
            text.Append(string.Join(", ", q.Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}")));
            text.Append(']');
        }
        return text.ToString();
    }
}

/// <summary>One row of the /report csv file.</summary>
public sealed record CsvRow(string Activity, string Period, string Start, string Figure, string Question, string Answer, string Value)
{
    public const string Header = "activity,period,start,figure,question,answer,value";

    /// <summary>Reads the file as a spreadsheet would: quoted cells may hold commas, quotes and line breaks.</summary>
    public static List<CsvRow> Parse(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }
        Assert.False(quoted, "The file ends inside a quoted cell.");
        Assert.True(cell.Length == 0 && record.Count == 0, "The file's last line has no line break.");
        Assert.Equal(Header, string.Join(',', records[0]));
        return records.Skip(1).Select(r =>
        {
            Assert.Equal(7, r.Count);
            return new CsvRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        }).ToList();
    }
}

using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Makker.Features.Demo;

public enum DemoRole
{
    Participant,
    Volunteer,
    Host,
    Coordinator,
}

public sealed record DemoPerson(string Key, string FirstName, DemoRole Role);

/// <summary>
/// A small community to talk to in the local web chat: a Thursday dinner with a host, a coordinator, two
/// volunteers and three participants, four small tasks and two ideas. Their names are not stored: like anyone else, they say yes first.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, Microsoft.Extensions.Options.IOptions<BotOptions> bot, ILogger<DemoSeeder> log)
{
    public const string Channel = "web";

    /// <summary>The dinner's invite code: /start torsdag-demo in the web chat joins it.</summary>
    public const string DemoInviteCode = "torsdag-demo";

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new("demo-anna", "Anna", DemoRole.Participant),
        new("demo-karim", "Karim", DemoRole.Participant),
        new("demo-lise", "Lise", DemoRole.Participant),
        new("demo-ali", "Ali", DemoRole.Volunteer),
        new("demo-birgit", "Birgit", DemoRole.Volunteer),
        new("demo-mette", "Mette", DemoRole.Host),
        new("demo-jonas", "Jonas", DemoRole.Coordinator),
    ];

    /// <summary>The demo community: the one its demo coordinator coordinates; null when there is none.</summary>
    public static Task<long?> CommunityIdAsync(MakkerDb db, CancellationToken ct)
    {
        var coordinator = People.First(p => p.Role == DemoRole.Coordinator).Key;
        return (from m in db.CommunityMembers
                join p in db.People on m.PersonId equals p.Id
                where p.Channel == Channel && p.ExternalId == coordinator && m.IsCoordinator
                orderby m.CommunityId
                select (long?)m.CommunityId).FirstOrDefaultAsync(ct);
    }

    /// <summary>How many past weeks of made-up numbers the demo dinner has, so the dashboard's charts show something.</summary>
    public const int HistoryWeeks = 12;

    private static readonly string[] Questions = ["today", "welcome", "someone_new", "come_again"];

    private static readonly Dictionary<string, string[]> Answers = new()
    {
        ["today"] = ["good", "okay", "not_good", "talk"],
        ["welcome"] = ["yes", "mostly", "not_really", "talk"],
        ["someone_new"] = ["yes", "a_little", "no"],
        ["come_again"] = ["yes", "maybe", "not_sure", "talk"],
    };

    /// <summary>
    /// Twelve past weeks (and the months they touch) of plausible numbers for the dinner, stored as folded figures: the
    /// kind kept after the rows behind them are gone, so no made-up person, answer or occurrence exists anywhere. The
    /// dashboard says they are demo numbers. One quiet week (a holiday) shows as "&lt;5", as a real one would.
    /// </summary>
    private static void SeedHistory(MakkerDb db, Activity dinner, TimeZoneInfo zone, DateTimeOffset now)
    {
        int[] coming = [11, 13, 12, 9, 14, 4, 12, 15, 13, 16, 14, 17];
        var current = Period.Containing(PeriodKind.Week, LocalTimes.LocalDate(now, zone));
        var months = new Dictionary<DateOnly, (int Held, int Coming, List<QuestionFigures> Questions)>();
        for (var i = 0; i < HistoryWeeks; i++)
        {
            var week = new Period(PeriodKind.Week, current.Start.AddDays(-7 * (HistoryWeeks - i)));
            var question = Questions[i % Questions.Length];
            var answered = Math.Max(0, coming[i] * 2 / 3);
            var answers = Spread(answered, Answers[question], i);
            var figures = new PeriodFigures(1, coming[i], Math.Min(2, coming[i] / 5), coming[i] - Math.Min(2, coming[i] / 5),
                [new QuestionFigures("participant", question, coming[i] - 1, answered, answers)]);
            db.EvaluationFigures.Add(EvaluationNumbers.Folded(dinner.Id, week, figures, now));
            var month = Period.Containing(PeriodKind.Month, week.Start).Start;
            var sum = months.GetValueOrDefault(month, (0, 0, []));
            sum.Questions.Add(figures.Questions[0]);
            months[month] = (sum.Held + 1, Math.Max(sum.Coming, coming[i]), sum.Questions);
        }
        foreach (var (start, sum) in months.Where(m => m.Key < Period.Containing(PeriodKind.Month, LocalTimes.LocalDate(now, zone)).Start))
        {
            var questions = sum.Questions.GroupBy(q => q.QuestionId).Select(g => new QuestionFigures("participant", g.Key, g.Sum(q => q.Asked), g.Sum(q => q.Answered),
                g.SelectMany(q => q.Answers).GroupBy(a => a.Key).ToDictionary(a => a.Key, a => a.Sum(x => x.Value)))).ToList();
            // From participant to contributor: about half helped with a small task; ideas and new volunteers are few, so "<5".
            var seed = start.Month;
            db.EvaluationFigures.Add(EvaluationNumbers.Folded(dinner.Id, new Period(PeriodKind.Month, start), new PeriodFigures(sum.Held, sum.Coming + 4, 4, sum.Coming, questions,
                Helped: (sum.Coming + 4) / 2, IdeasProposed: 1 + seed % 3, IdeasBecameActivities: seed % 2, BecameVolunteers: seed % 3 == 0 ? 1 : 0), now));
        }
    }

    /// <summary>Most answers on the first (good) answer, a few on the next, hardly any on the rest.</summary>
    private static Dictionary<string, int> Spread(int answered, string[] ids, int seed)
    {
        var second = Math.Min(answered, 1 + seed % 3);
        var third = Math.Min(answered - second, seed % 2);
        return new Dictionary<string, int> { [ids[0]] = answered - second - third, [ids[1]] = second, [ids[2]] = third }
            .Where(a => a.Value > 0).ToDictionary();
    }

    /// <summary>The dinner's small tasks, and two ideas from its participants: one shared with a few who would join, one waiting for the coordinator.</summary>
    private static async Task SeedContributionsAsync(MakkerDb db, Community community, Activity dinner, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var task in new[] { "dække bord", "bage en kage", "vaske op", "byde velkommen ved døren" })
        {
            db.HelpingTasks.Add(new HelpingTask { ActivityId = dinner.Id, Name = task, CreatedAt = now });
        }
        var people = await db.People.Where(p => p.Channel == Channel).ToDictionaryAsync(p => p.ExternalId, p => p.Id, ct);
        var walk = new Idea
        {
            CommunityId = community.Id, ActivityId = dinner.Id, ProposerPersonId = people["demo-karim"], Text = "En gåtur i Fælledparken efter middagen, når det er lyst.",
            Status = IdeaStatus.Shared, ProposedAt = now.AddDays(-12), DecidedAt = now.AddDays(-11),
        };
        db.Ideas.AddRange(walk, new Idea
        {
            CommunityId = community.Id, ActivityId = dinner.Id, ProposerPersonId = people["demo-lise"], Text = "En aften med brætspil og kaffe.",
            Status = IdeaStatus.Waiting, ProposedAt = now.AddDays(-2),
        });
        await db.SaveChangesAsync(ct);
        foreach (var key in new[] { "demo-anna", "demo-lise", "demo-ali" })
        {
            db.IdeaInterest.Add(new IdeaInterest { IdeaId = walk.Id, PersonId = people[key], At = now.AddDays(-10) });
        }
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Communities.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var community = new Community { Name = "Fællesskabet på Nørrebro", TimeZone = bot.Value.DefaultTimeZone, CreatedAt = now };
        db.Communities.Add(community);
        await db.SaveChangesAsync(ct);
        var dinner = new Activity
        {
            CommunityId = community.Id,
            Name = "Torsdagsmiddag",
            Place = "Fælleshuset, Nørrebrogade 10",
            Description = "Vi laver mad og spiser sammen. Alle er velkomne.",
            Days = WeekDays.Thursday,
            InviteCode = DemoInviteCode,
            StartsAt = new TimeOnly(17, 30),
            DurationMinutes = 150,
            CreatedAt = now,
        };
        db.Activities.Add(dinner);
        await db.SaveChangesAsync(ct);

        foreach (var demo in People)
        {
            var person = await db.People.FirstOrDefaultAsync(p => p.Channel == Channel && p.ExternalId == demo.Key, ct);
            if (person is null)
            {
                person = new Person { Channel = Channel, ExternalId = demo.Key, CreatedAt = now };
                db.People.Add(person);
                await db.SaveChangesAsync(ct);
            }
            if (demo.Role != DemoRole.Coordinator)
            {
                db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = person.Id, IsHost = demo.Role == DemoRole.Host, JoinedAt = now });
            }
            db.CommunityMembers.Add(new CommunityMember
            {
                CommunityId = community.Id,
                PersonId = person.Id,
                IsCoordinator = demo.Role == DemoRole.Coordinator,
                IsVolunteer = demo.Role == DemoRole.Volunteer,
                WillingBuddy = demo.Role == DemoRole.Volunteer,
                JoinedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);

        // Shifts for the dinner, and two volunteers to ask once they have said hello in the web chat.
        db.ShiftTemplates.AddRange(
            new ShiftTemplate { ActivityId = dinner.Id, Role = "cooking", StartsAt = new TimeOnly(15, 30), EndsAt = new TimeOnly(18, 0), Needed = 2, CreatedAt = now },
            new ShiftTemplate { ActivityId = dinner.Id, Role = "washing_up", StartsAt = new TimeOnly(19, 30), EndsAt = new TimeOnly(20, 30), Needed = 1, CreatedAt = now });
        foreach (var volunteer in People.Where(p => p.Role == DemoRole.Volunteer))
        {
            var person = await db.People.SingleAsync(p => p.Channel == Channel && p.ExternalId == volunteer.Key, ct);
            db.Volunteers.Add(new Volunteer { PersonId = person.Id, Roles = "cooking,washing_up", Frequency = VolunteerFrequency.Weekly, JoinedAt = now });
        }
        await db.SaveChangesAsync(ct);
        SeedHistory(db, dinner, LocalTimes.Zone(community.TimeZone, bot.Value.DefaultTimeZone), now);
        await SeedContributionsAsync(db, community, dinner, now, ct);
        await db.SaveChangesAsync(ct);
        log.LogInformation("Seeded the demo community with {PeopleCount} people and {Weeks} weeks of made-up history", People.Count, HistoryWeeks);
    }
}

using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Harness;

/// <summary>
/// A community with a weekly Thursday dinner (17:30 in Copenhagen) on top of the conversation harness, and a
/// scheduler that runs each occurrence step at its exact time on the fake clock, as Hangfire does in the host.
/// </summary>
public sealed class ParticipationWorld
{
    public const string InviteCode = "torsdag-inv1";

    private ParticipationWorld(ConversationHarness harness, long communityId, long dinnerId)
    {
        H = harness;
        CommunityId = communityId;
        DinnerId = dinnerId;
    }

    public ConversationHarness H { get; }
    public long CommunityId { get; }
    public long DinnerId { get; }

    public static async Task<ParticipationWorld> CreateAsync(ConversationHarness harness, Action<Activity>? configure = null)
    {
        await using var db = harness.Db();
        var community = new Community { Name = "Fællesskabet", CreatedAt = harness.Clock.GetUtcNow() };
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        var dinner = new Activity
        {
            CommunityId = community.Id,
            Name = "Torsdagsmiddag",
            Place = "Fælleshuset",
            Days = WeekDays.Thursday,
            StartsAt = new TimeOnly(17, 30),
            DurationMinutes = 150,
            InviteCode = InviteCode,
            CreatedAt = harness.Clock.GetUtcNow(),
        };
        configure?.Invoke(dinner);
        db.Activities.Add(dinner);
        await db.SaveChangesAsync();
        return new ParticipationWorld(harness, community.Id, dinner.Id);
    }

    /// <summary>Consent and join the dinner by its invite code, as a person does from the invite link.</summary>
    public async Task JoinAsync(string who, string language = "da", string code = InviteCode)
    {
        await H.ConsentAsync(who, language);
        await H.Send(who, "/start " + code, language: language);
    }

    public async Task MakeHostAsync(string who)
    {
        await JoinAsync(who);
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var membership = await db.ActivityMembers.SingleAsync(m => m.ActivityId == DinnerId && m.PersonId == person.Id);
        membership.IsHost = true;
        await db.SaveChangesAsync();
    }

    /// <summary>A volunteer of the community who said yes to being asked about company on the way.</summary>
    public async Task MakeBuddyAsync(string who)
    {
        await H.ConsentAsync(who);
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var member = await db.CommunityMembers.FindAsync(CommunityId, person.Id);
        if (member is null)
        {
            db.CommunityMembers.Add(new CommunityMember { CommunityId = CommunityId, PersonId = person.Id, IsVolunteer = true, WillingBuddy = true, JoinedAt = H.Clock.GetUtcNow() });
        }
        else
        {
            member.IsVolunteer = true;
            member.WillingBuddy = true;
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Moves the clock to <paramref name="until"/>, running every step that falls due on the way at its own time
    /// (and planning occurrences ahead as the host does).
    /// </summary>
    public async Task RunUntilAsync(DateTimeOffset until)
    {
        var planner = H.Services.GetRequiredService<OccurrencePlanner>();
        var steps = H.Services.GetRequiredService<OccurrenceStepRunner>();
        while (true)
        {
            await planner.PlanAsync(H.Clock.GetUtcNow(), CancellationToken.None);
            var next = (await planner.PendingStepsAsync(H.Clock.GetUtcNow(), until, CancellationToken.None))
                .FirstOrDefault(s => s.DueAt >= H.Clock.GetUtcNow().AddMinutes(-1));
            if (next is null)
            {
                break;
            }
            if (next.DueAt > H.Clock.GetUtcNow())
            {
                H.Clock.SetUtcNow(next.DueAt);
            }
            await steps.RunAsync(next.OccurrenceId, next.Step, H.Clock.GetUtcNow(), CancellationToken.None);
        }
        if (until > H.Clock.GetUtcNow())
        {
            H.Clock.SetUtcNow(until);
        }
    }

    /// <summary>Runs what is due now without moving the clock (as after a restart).</summary>
    public async Task RunDueNowAsync()
    {
        var planner = H.Services.GetRequiredService<OccurrencePlanner>();
        var steps = H.Services.GetRequiredService<OccurrenceStepRunner>();
        await planner.PlanAsync(H.Clock.GetUtcNow(), CancellationToken.None);
        foreach (var step in await planner.PendingStepsAsync(H.Clock.GetUtcNow(), H.Clock.GetUtcNow(), CancellationToken.None))
        {
            await steps.RunAsync(step.OccurrenceId, step.Step, H.Clock.GetUtcNow(), CancellationToken.None);
        }
    }

    /// <summary>Local Copenhagen time as an instant.</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0) =>
        LocalTimes.ToInstant(new DateOnly(year, month, day), new TimeOnly(hour, minute), TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"));

    /// <summary>When each step of this occurrence ran (null: not yet), by step name.</summary>
    public async Task<Dictionary<string, DateTimeOffset?>> StepsDoneAsync(long occurrenceId)
    {
        await using var db = H.Db();
        return await db.OccurrenceSteps.Where(s => s.OccurrenceId == occurrenceId).ToDictionaryAsync(s => s.Step, s => s.DoneAt);
    }

    public async Task<List<Occurrence>> OccurrencesAsync()
    {
        await using var db = H.Db();
        return await db.Occurrences.Where(o => o.ActivityId == DinnerId).OrderBy(o => o.StartsAt).ToListAsync();
    }

    /// <summary>Every message (not edits) the bot has written to this person, oldest first.</summary>
    public async Task<List<OutboxMessage>> InboxAsync(string who, long afterId = 0)
    {
        await using var db = H.Db();
        return await db.Outbox.Where(o => o.Address == who && o.EditsMessageId == null && o.Id > afterId).OrderBy(o => o.Id).ToListAsync();
    }

    public async Task<long> LastOutboxIdAsync()
    {
        await using var db = H.Db();
        return await db.Outbox.MaxAsync(o => (long?)o.Id) ?? 0;
    }

    public async Task<OutboxMessage?> LastNudgeAsync(string who)
    {
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var tokens = db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == Nudges.Purpose).Select(t => t.MessageId);
        return await db.Outbox.Where(o => tokens.Contains(o.Id)).OrderByDescending(o => o.Id).FirstOrDefaultAsync();
    }
}

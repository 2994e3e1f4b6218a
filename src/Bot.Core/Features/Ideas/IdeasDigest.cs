using System.Globalization;
using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Scheduling;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Features.Ideas;

/// <summary>
/// The gentle ideas message: at most once a week, to people who have not paused and are under the weekly nudge budget
/// (it counts against it), held to the end of their quiet hours, with up to three ideas shared since their last one and
/// an "I'd join" button for each. The same run tells each proposer, at most once a week, how many would join their idea
/// ("a few" under five). Nobody ever learns who pressed.
/// </summary>
public sealed class IdeasDigest(ConversationEngine engine, GatedOutreach outreach, Nudges nudges,
    IOptions<IdeasOptions> options, IOptions<BotOptions> bot, ILogger<IdeasDigest> log) : IRecurringWork
{
    public const string JoinPurpose = "idea-join";
    public const string JoinPrefix = "j";

    public string Id => "ideas-weekly";

    public string Name => "Ideas: the weekly message and news for proposers";

    public TimeSpan Every => TimeSpan.FromMinutes(options.Value.LookEveryMinutes);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (await outreach.RunAsync([(db, c, t) => SendIdeasAsync(db, now, c, t), (db, c, t) => TellProposersAsync(db, now, c, t)], ct) is [var sent, var told])
        {
            log.LogInformation("Ideas: {Messages} ideas message(s) and {Proposers} proposer update(s) queued", sent, told);
        }
    }

    private async Task<int> SendIdeasAsync(MakkerDb db, DateTimeOffset now, List<TurnContext> contexts, CancellationToken ct)
    {
        var o = options.Value;
        var since = now.AddDays(-o.EveryDays);
        // "New" is shared since the person's last ideas message, and within a few weeks: an idea shared long ago is
        // not news, and so a community without recent ideas costs nothing to look at.
        var recent = now.AddDays(-4 * o.EveryDays);
        var shared = await db.Ideas.AsNoTracking().Where(i => i.Status == IdeaStatus.Shared && i.DecidedAt > recent)
            .OrderByDescending(i => i.DecidedAt).ThenByDescending(i => i.Id).ToListAsync(ct);
        var sent = 0;
        var done = new HashSet<long>();
        foreach (var community in shared.GroupBy(i => i.CommunityId))
        {
            var place = (await db.Communities.FindAsync([community.Key], ct))!;
            var zone = LocalTimes.Zone(place.TimeZone, bot.Value.DefaultTimeZone);
            var members = db.People.Where(p => db.CommunityMembers.Any(m => m.CommunityId == community.Key && m.PersonId == p.Id)
                && !db.IdeaMessages.Any(m => m.PersonId == p.Id && m.SentAt > since));
            var people = (await nudges.MayNudge(db, members, now).OrderBy(p => p.Id).ToListAsync(ct)).Where(p => !done.Contains(p.Id)).ToList();
            if (people.Count == 0)
            {
                continue;
            }
            // Two reads for everyone at once, not two per person.
            var ids = people.Select(p => p.Id).ToList();
            var lastSent = (await db.IdeaMessages.Where(m => ids.Contains(m.PersonId) && m.SentAt > recent).Select(m => new { m.PersonId, m.SentAt }).ToListAsync(ct))
                .GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Max(m => m.SentAt));
            var ideaIds = community.Select(i => i.Id).ToList();
            var joined = (await db.IdeaInterest.Where(x => ideaIds.Contains(x.IdeaId) && ids.Contains(x.PersonId)).Select(x => new { x.PersonId, x.IdeaId }).ToListAsync(ct))
                .Select(x => (x.PersonId, x.IdeaId)).ToHashSet();
            foreach (var person in people)
            {
                var after = lastSent.TryGetValue(person.Id, out var last) ? last : recent;
                // Never their own idea, nor one they said they'd join.
                var ideas = community.Where(i => i.DecidedAt > after && i.ProposerPersonId != person.Id && !joined.Contains((person.Id, i.Id)))
                    .Take(o.MaxPerMessage).ToList();
                if (ideas.Count == 0)
                {
                    continue;
                }
                done.Add(person.Id);
                var ctx = engine.CreateOutreach(db, person, now, zone);
                var lines = ideas.Select((idea, n) => ctx.T(IdeasTexts.WeeklyLine, new Dictionary<string, string>
                {
                    ["number"] = Number(n),
                    ["idea"] = idea.Text,
                }));
                var message = ctx.SendChoice(ctx.T(IdeasTexts.Weekly, new Dictionary<string, string>
                    {
                        ["community"] = place.Name,
                        ["ideas"] = string.Join("\n", lines),
                    }), JoinPurpose, null,
                    ideas.Select((idea, n) => (JoinPrefix + IdeaCommand.Id(idea.Id), ctx.T(IdeasTexts.ButtonJoin, new Dictionary<string, string> { ["number"] = Number(n) }))).ToList(),
                    out _);
                message.NotBefore = nudges.QuietRelease(person, now, zone);
                db.IdeaMessages.Add(new IdeaMessage { PersonId = person.Id, SentAt = now });
                contexts.Add(ctx);
                sent++;
            }
        }
        return sent;
    }

    private static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Each proposer whose shared idea has more people who'd join than they were told, at most once a week.</summary>
    private async Task<int> TellProposersAsync(MakkerDb db, DateTimeOffset now, List<TurnContext> contexts, CancellationToken ct)
    {
        var weekAgo = now.AddDays(-options.Value.EveryDays);
        var news = await (from i in db.Ideas
                          where i.Status == IdeaStatus.Shared && i.ProposerPersonId != null
                              && (i.InterestToldAt == null || i.InterestToldAt <= weekAgo)
                          let count = db.IdeaInterest.Count(x => x.IdeaId == i.Id)
                          where count > i.InterestTold
                          select new { Idea = i, Count = count }).ToListAsync(ct);
        var told = 0;
        foreach (var item in news)
        {
            var proposer = await db.People.FindAsync([item.Idea.ProposerPersonId!.Value], ct);
            // News about their own idea, not a nudge: no budget, but never to someone who paused.
            if (proposer is not { Consent: ConsentState.Given, Unreachable: false, PausedIndefinitely: false } || proposer.PausedUntil > now)
            {
                continue;
            }
            var zone = LocalTimes.Zone((await db.Communities.FindAsync([item.Idea.CommunityId], ct))?.TimeZone, bot.Value.DefaultTimeZone);
            var ctx = engine.CreateOutreach(db, proposer, now, zone);
            var few = item.Count < CheckIns.CheckInOptions.SmallestShownGroup;
            ctx.Send(ctx.T(few ? IdeasTexts.InterestFew : IdeasTexts.InterestMany, new Dictionary<string, string>
            {
                ["idea"] = item.Idea.Text,
                ["count"] = item.Count.ToString(ctx.Culture),
            })).NotBefore = nudges.QuietRelease(proposer, now, zone);
            item.Idea.InterestTold = item.Count;
            item.Idea.InterestToldAt = now;
            contexts.Add(ctx);
            told++;
        }
        return told;
    }
}

/// <summary>"I'd join" under the weekly ideas message: noted once per idea, and nobody sees who pressed.</summary>
public sealed class IdeaJoinButtons : IButtonHandler
{
    public string Purpose => IdeasDigest.JoinPurpose;

    public async Task HandleAsync(TurnContext ctx, ButtonToken token, string choice, long? messageId, CancellationToken ct)
    {
        var db = ctx.Db;
        var idea = choice.StartsWith(IdeasDigest.JoinPrefix, StringComparison.Ordinal)
            && long.TryParse(choice[IdeasDigest.JoinPrefix.Length..], CultureInfo.InvariantCulture, out var id)
            ? await db.Ideas.FindAsync([id], ct)
            : null;
        if (idea is null || idea.Status is IdeaStatus.Waiting or IdeaStatus.KeptToUs)
        {
            ctx.ButtonAnswer = ctx.T(IdeasTexts.Gone);
            ctx.Send(ctx.ButtonAnswer);
            return;
        }
        // The token stays usable: the same message has a button for each of its ideas.
        if (await db.IdeaInterest.FindAsync([idea.Id, ctx.Person!.Id], ct) is not null)
        {
            ctx.ButtonAnswer = ctx.T(IdeasTexts.JoinAlready);
            return;
        }
        db.IdeaInterest.Add(new IdeaInterest { IdeaId = idea.Id, PersonId = ctx.Person.Id, At = ctx.Now });
        ctx.ButtonAnswer = ctx.T(IdeasTexts.JoinNoted);
        ctx.Send(ctx.ButtonAnswer);
    }
}

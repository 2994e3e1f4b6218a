using Makker.Conversations;
using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Announcements;

/// <summary>/announce: write, choose who, see it as they will, send; quiet hours, urgent, stop, and the delivery report.</summary>
public class AnnounceTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;
    private VolunteerWorld _v = null!;

    private const string Text = "Husk: på torsdag spiser vi i haven.";
    private const string AsSent = "Husk: på torsdag spiser vi i haven.\n\n– Jonas, Fællesskabet";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        _v = new VolunteerWorld(_w);
        await _v.MakeCoordinatorAsync("jonas");
        await _w.MakeHostAsync("hanne");
        foreach (var who in new[] { "anna", "bo", "carl" })
        {
            await _w.JoinAsync(who);
        }
        await _v.AddVolunteerAsync("ali");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<Replies> WriteAndChooseAsync(string audience)
    {
        await _h.Send("jonas", "/announce");
        var choose = await _h.Send("jonas", Text);
        Assert.Equal(T(AnnouncementTexts.ChooseAudience), choose.Last);
        Assert.Equal(["Alle i Fællesskabet", "Dem, der er med i Torsdagsmiddag", "Frivillige i Fællesskabet", "Værter i Fællesskabet", "Send ikke"], choose.ButtonLabels);
        return await _h.PressShownAsync("jonas", audience);
    }

    private async Task<List<OutboxMessage>> CopiesAsync()
    {
        await using var db = _h.Db();
        return await db.Outbox.Where(o => o.BroadcastId != null).OrderBy(o => o.Address).ToListAsync();
    }

    private async Task DeliverAllAsync(params string[] failFor)
    {
        await using var db = _h.Db();
        foreach (var copy in await db.Outbox.Where(o => o.BroadcastId != null && o.Status == OutboxStatus.Pending).ToListAsync())
        {
            copy.Status = failFor.Contains(copy.Address) ? OutboxStatus.Failed : OutboxStatus.Sent;
        }
        await db.SaveChangesAsync();
    }

    private Task<int> ReportAsync() => _h.Services.GetRequiredService<BroadcastReports>().RunAsync(_h.Clock.GetUtcNow(), CancellationToken.None);

    [SkippableFact]
    public async Task Someone_who_is_not_a_coordinator_gets_a_friendly_no()
    {
        var replies = await _h.Send("anna", "/announce");

        Assert.Equal([T(AnnouncementTexts.NotCoordinator)], replies.Texts);
        await using var db = _h.Db();
        Assert.False(await db.Broadcasts.AnyAsync());
    }

    [SkippableFact]
    public async Task The_preview_is_exactly_what_everyone_gets_and_nothing_goes_before_confirming()
    {
        var preview = await WriteAndChooseAsync("Alle i Fællesskabet");

        Assert.Equal(["Sådan ser den ud for de 5, der får den:", AsSent, T(AnnouncementTexts.Confirm)], preview.Texts);
        Assert.Equal(["Send", "Send nu, også om natten", "Send ikke"], preview.ButtonLabels);
        Assert.Empty(await CopiesAsync());

        var sent = await _h.PressShownAsync("jonas", "Send");

        Assert.Equal(["Den er på vej til 5. Beskeder i nattetimerne venter til kl. 9. Jeg siger til, når alle har fået den."], sent.Texts);
        Assert.Equal(["Stop udsendelsen"], sent.ButtonLabels);
        var copies = await CopiesAsync();
        Assert.Equal(["ali", "anna", "bo", "carl", "hanne"], copies.Select(c => c.Address));
        Assert.All(copies, c => Assert.Equal(AsSent, c.Text));
        Assert.All(copies, c => Assert.Null(c.NotBefore)); // 10:00 in Copenhagen: no quiet hours
        await using var db = _h.Db();
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal(("broadcast.send", _w.CommunityId, (await _h.PersonAsync("jonas")).Id), (audit.Action, audit.CommunityId!.Value, audit.PersonId!.Value));
        Assert.Equal($"Community to 5: {Text}", audit.Detail);
    }

    [SkippableTheory]
    [InlineData("Dem, der er med i Torsdagsmiddag", new[] { "anna", "bo", "carl", "hanne" })]
    [InlineData("Frivillige i Fællesskabet", new[] { "ali" })]
    [InlineData("Værter i Fællesskabet", new[] { "hanne" })]
    public async Task Each_audience_reaches_its_own_people(string audience, string[] expected)
    {
        await WriteAndChooseAsync(audience);
        await _h.PressShownAsync("jonas", "Send");

        Assert.Equal(expected, (await CopiesAsync()).Select(c => c.Address));
    }

    [SkippableFact]
    public async Task At_night_it_waits_for_the_morning_unless_sent_as_urgent()
    {
        _h.Clock.SetUtcNow(ParticipationWorld.Local(2026, 11, 24, 22, 30));
        await WriteAndChooseAsync("Værter i Fællesskabet");
        await _h.PressShownAsync("jonas", "Send");
        Assert.Equal(ParticipationWorld.Local(2026, 11, 25, 9, 0), Assert.Single(await CopiesAsync()).NotBefore);

        await WriteAndChooseAsync("Frivillige i Fællesskabet");
        var urgent = await _h.PressShownAsync("jonas", "Send nu, også om natten");
        Assert.Equal(["Den er på vej til 1 nu. Jeg siger til, når alle har fået den."], urgent.Texts);
        Assert.Null((await CopiesAsync()).Single(c => c.Address == "ali").NotBefore);
    }

    [SkippableFact]
    public async Task The_report_counts_who_got_it_and_who_could_not_be_reached_once_all_are_done()
    {
        await using (var db = _h.Db())
        {
            (await db.People.SingleAsync(p => p.ExternalId == "carl")).Unreachable = true; // blocked the bot earlier
            await db.SaveChangesAsync();
        }
        await WriteAndChooseAsync("Alle i Fællesskabet");
        await _h.PressShownAsync("jonas", "Send");
        var mark = await _w.LastOutboxIdAsync();
        Assert.Equal(0, await ReportAsync()); // copies still waiting

        await DeliverAllAsync(failFor: "bo"); // Bo blocked the bot while it was sending
        Assert.Equal(1, await ReportAsync());
        Assert.Equal(0, await ReportAsync());

        Assert.Equal(["Din besked er sendt til 3. 2 kunne ikke nås."], (await _w.InboxAsync("jonas", mark)).Select(m => m.Text));
    }

    [SkippableFact]
    public async Task Stop_takes_back_the_copies_not_yet_sent_and_says_how_far_it_got()
    {
        _h.Clock.SetUtcNow(ParticipationWorld.Local(2026, 11, 24, 22, 30));
        await WriteAndChooseAsync("Alle i Fællesskabet");
        await _h.PressShownAsync("jonas", "Send");
        await using (var db = _h.Db())
        {
            var one = await db.Outbox.FirstAsync(o => o.BroadcastId != null && o.Address == "ali");
            one.Status = OutboxStatus.Sent; // Ali's app was quick
            await db.SaveChangesAsync();
        }

        var stopped = await _h.PressShownAsync("jonas", "Stop udsendelsen");

        Assert.Equal(["Stoppet. 1 havde allerede fået den, og 4 får den ikke."], stopped.Texts);
        Assert.Equal(["ali"], (await CopiesAsync()).Select(c => c.Address));
        var mark = await _w.LastOutboxIdAsync();
        Assert.Equal(0, await ReportAsync());
        Assert.Empty(await _w.InboxAsync("jonas", mark));
        var again = await _h.PressShownAsync("jonas", "Stop udsendelsen");
        Assert.Equal(T(TextKeys.ButtonAlreadyPressed), again.ButtonAnswer);
    }

    [SkippableFact]
    public async Task Dont_send_sends_nothing_and_a_coordinator_cannot_aim_at_another_community()
    {
        await WriteAndChooseAsync("Alle i Fællesskabet");
        var cancelled = await _h.PressShownAsync("jonas", "Send ikke");
        Assert.Equal([T(AnnouncementTexts.NotSent)], cancelled.Texts);
        Assert.Empty(await CopiesAsync());

        // A forged press naming a community Jonas does not coordinate changes nothing.
        long otherCommunity;
        await using (var db = _h.Db())
        {
            var other = new Community { Name = "Andre", CreatedAt = _h.Clock.GetUtcNow() };
            db.Communities.Add(other);
            await db.SaveChangesAsync();
            otherCommunity = other.Id;
        }
        await _h.Send("jonas", "/announce");
        var choose = await _h.Send("jonas", Text);
        var message = choose.Messages[^1];
        var token = ButtonPayload.Parse(Replies.ParseButtons(message.ButtonsJson)[0][0].Payload) as ButtonPayload.Choice;
        var forged = await _h.PressPayload("jonas", new ButtonPayload.Choice(token!.Token, $"c{otherCommunity}").ToString(), message.Id);
        Assert.Equal(T(TextKeys.ButtonExpired), forged.ButtonAnswer);
        await using var check = _h.Db();
        Assert.DoesNotContain(await check.Broadcasts.Select(b => b.CommunityId).ToListAsync(), id => id == otherCommunity);
    }
}

public sealed class AnnounceTestsOnPostgres : AnnounceTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

using System.Globalization;
using System.Net;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's ideas and small tasks over real HTTP, on the chat's own code: an idea shared (the proposer hears it,
/// a second answer changes nothing), an idea made an activity (realised, the proposer asked about hosting), and a task
/// added, renamed and removed (a wrong name gets its message beside the field; whoever took it hears kindly).
/// </summary>
public sealed class DashboardIdeasAndTasksTests
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string Text(TelegramTestBed bed, string key, params (string Key, string Value)[] values) =>
        TextValues.Fill(bed.Host.Services.GetRequiredService<DialogCatalog>().Text(key, Languages.Danish), values);

    /// <summary>Kim coordinates a new community on Telegram; Lis has said yes and belongs to it.</summary>
    private static async Task<(TelegramTestBed Bed, FakeUser Kim, FakeUser Lis, Community Community, long LisId)> CoordinatorAndMemberAsync()
    {
        var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var kim = bed.Telegram.AddUser("Kim", "da");
        var lis = bed.Telegram.AddUser("Lis", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(kim);
        return (bed, kim, lis, community, await bed.ConsentedMemberAsync(lis, community));
    }

    [Fact]
    public async Task A_coordinator_shares_an_idea_and_makes_another_an_activity_and_the_proposer_hears_both_in_the_chat()
    {
        var (bed, kim, lis, community, lisId) = await CoordinatorAndMemberAsync();
        await using var _ = bed;
        Idea walk, games;
        await using (var db = bed.Db())
        {
            walk = new Idea { CommunityId = community.Id, ProposerPersonId = lisId, Text = "En gåtur i parken", Status = IdeaStatus.Waiting, ProposedAt = bed.Clock.GetUtcNow() };
            games = new Idea { CommunityId = community.Id, ProposerPersonId = lisId, Text = "Brætspil om fredagen", Status = IdeaStatus.Waiting, ProposedAt = bed.Clock.GetUtcNow() };
            db.Ideas.AddRange(walk, games);
            await db.SaveChangesAsync();
            db.IdeaInterest.Add(new IdeaInterest { IdeaId = walk.Id, PersonId = lisId, At = bed.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, kim));
        var ideasPath = $"dashboard/c/{Id(community.Id)}/ideas";

        var page = await browser.GetStringAsync(ideasPath);
        Assert.Contains($"data-idea=\"{Id(walk.Id)}\" data-status=\"Waiting\"", page, StringComparison.Ordinal);
        Assert.Contains("data-interest=\"&lt;5\">Ikke vist for nogen</td>", page, StringComparison.Ordinal); // not shared: nobody was asked

        var heard = lis.Messages.Count(m => m.FromBot);
        var shared = await browser.PostAsync($"{ideasPath}/decide", page, ("idea", Id(walk.Id)), ("answer", "share"));
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        var sharedPage = await shared.Content.ReadAsStringAsync();
        Assert.Contains($"data-idea=\"{Id(walk.Id)}\" data-status=\"Shared\"", sharedPage, StringComparison.Ordinal);
        Assert.Contains("data-interest=\"&lt;5\">nogle få</td>", sharedPage, StringComparison.Ordinal); // one would join: "a few", never the number
        await bed.AdvanceUntilAsync(() => lis.Messages.Count(m => m.FromBot) > heard);
        Assert.Equal(Text(bed, IdeasTexts.SharedToProposer, ("idea", walk.Text), ("firstName", "Lis")), lis.LastBotMessage!.Text);

        // The first answer counts: Keep to us from an old page changes nothing and says so.
        var late = await browser.PostAsync($"{ideasPath}/decide", page, ("idea", Id(walk.Id)), ("answer", "keep"));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("En anden koordinator svarede først", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Make an activity: the new-activity form, filled in from the idea, with the idea along.
        var form = await browser.GetStringAsync($"dashboard/c/{Id(community.Id)}?idea={Id(games.Id)}");
        Assert.Contains("value=\"Brætspil om fredagen\"", form, StringComparison.Ordinal);
        Assert.Contains((Name: "idea", Value: Id(games.Id)), DashboardClient.HiddenFields(form));
        heard = lis.Messages.Count(m => m.FromBot);
        var created = await browser.PostAsync($"dashboard/c/{Id(community.Id)}/activities", form,
            ("name", "Brætspil om fredagen"), ("place", "Salen"), ("day", "5"), ("time", "19:00"), ("minutes", "120"), ("idea", Id(games.Id)));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await bed.AdvanceUntilAsync(() => lis.Messages.Count(m => m.FromBot) > heard);
        Assert.Equal(Text(bed, IdeasTexts.HostQuestion, ("idea", games.Text), ("activity", "Brætspil om fredagen"), ("firstName", "Lis")), lis.LastBotMessage!.Text);
        Assert.NotNull(lis.LastBotMessage.ReplyMarkup);

        await using var check = bed.Db();
        var activity = await check.Activities.SingleAsync(a => a.Name == "Brætspil om fredagen");
        var realised = await check.Ideas.SingleAsync(i => i.Id == games.Id);
        Assert.Equal((IdeaStatus.BecameActivity, activity.Id), (realised.Status, realised.BecameActivityId));
        Assert.Equal(IdeaStatus.Shared, (await check.Ideas.SingleAsync(i => i.Id == walk.Id)).Status);
        Assert.Equal(["activity.create", "idea.share"], (await check.AuditLog.Where(a => a.CommunityId == community.Id).Select(a => a.Action).ToListAsync()).Order());
        // Realised, it offers no second activity.
        Assert.DoesNotContain($"?idea={Id(games.Id)}", await browser.GetStringAsync(ideasPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_adds_renames_and_removes_a_small_task_and_whoever_took_it_hears_kindly_that_it_is_not_needed()
    {
        var (bed, kim, lis, community, lisId) = await CoordinatorAndMemberAsync();
        await using var _ = bed;
        var now = bed.Clock.GetUtcNow();
        Activity dinner;
        Occurrence next;
        await using (var db = bed.Db())
        {
            dinner = new Activity { CommunityId = community.Id, Name = "Middag", Place = "Salen", Days = WeekDays.Thursday, StartsAt = new TimeOnly(17, 30), DurationMinutes = 120, CreatedAt = now };
            db.Activities.Add(dinner);
            await db.SaveChangesAsync();
            next = new Occurrence { ActivityId = dinner.Id, StartsAt = now.AddDays(3), EndsAt = now.AddDays(3).AddHours(2), CreatedAt = now };
            db.Occurrences.Add(next);
            db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = lisId, JoinedAt = now });
            await db.SaveChangesAsync();
        }
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, kim));
        var communityPath = $"dashboard/c/{Id(community.Id)}";
        var page = await browser.GetStringAsync(communityPath);

        // No name: the message beside the field, nothing saved.
        var empty = await browser.PostAsync($"{communityPath}/tasks/{Id(dinner.Id)}", page, ("task_name", "  "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"newtask-{Id(dinner.Id)}-name-error\"", emptyPage, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", emptyPage, StringComparison.Ordinal);

        var added = await browser.PostAsync($"{communityPath}/tasks/{Id(dinner.Id)}", page, ("task_name", "dække bord"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        HelpingTask task;
        await using (var db = bed.Db())
        {
            task = await db.HelpingTasks.SingleAsync();
            Assert.Equal((dinner.Id, "dække bord"), (task.ActivityId, task.Name));
            // Lis takes it for the next dinner.
            db.HelpingHands.Add(new HelpingHand { TaskId = task.Id, OccurrenceId = next.Id, PersonId = lisId, TakenAt = now });
            await db.SaveChangesAsync();
        }
        var withTask = await added.Content.ReadAsStringAsync();
        Assert.Contains($"data-task=\"{Id(task.Id)}\"", withTask, StringComparison.Ordinal);

        var renamed = await browser.PostAsync($"{communityPath}/task", withTask, ("task", Id(task.Id)), ("task_name", "dække bord til tyve"), ("change", "rename"));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var heard = lis.Messages.Count(m => m.FromBot);
        var removed = await browser.PostAsync($"{communityPath}/task", withTask, ("task", Id(task.Id)), ("task_name", "dække bord til tyve"), ("change", "remove"));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain($"data-task=\"{Id(task.Id)}\"", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bed.AdvanceUntilAsync(() => lis.Messages.Count(m => m.FromBot) > heard);
        Assert.StartsWith(Text(bed, HelpingHandsTexts.RemovedToHelper, ("task", "dække bord til tyve"), ("activity", "Middag"))[..40], lis.LastBotMessage!.Text, StringComparison.Ordinal);
        Assert.Contains("dække bord til tyve", lis.LastBotMessage.Text, StringComparison.Ordinal);

        // Removed once: an old page's second press changes nothing and says so.
        var again = await browser.PostAsync($"{communityPath}/task", withTask, ("task", Id(task.Id)), ("task_name", "x"), ("change", "remove"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        await using var check = bed.Db();
        var kept = await check.HelpingTasks.SingleAsync();
        Assert.Equal("dække bord til tyve", kept.Name);
        Assert.NotNull(kept.RemovedAt);
        Assert.False(await check.HelpingHands.AnyAsync());
        Assert.Equal(["task.create", "task.remove", "task.rename"],
            (await check.AuditLog.Where(a => a.CommunityId == community.Id).Select(a => a.Action).ToListAsync()).Order());
    }
}

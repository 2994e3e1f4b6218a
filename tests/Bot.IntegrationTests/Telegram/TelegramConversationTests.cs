using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Telegram;

/// <summary>A person on Telegram, the real host, the fake Bot API server: in both receive modes.</summary>
public class TelegramConversationTests : RunsOnBothDatabases
{
    public static TheoryData<TelegramReceiveMode> Modes => new() { TelegramReceiveMode.Polling, TelegramReceiveMode.Webhook };

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Start_consent_and_reply_with_the_pressed_message_edited(TelegramReceiveMode mode)
    {
        await using var bed = await TelegramTestBed.StartAsync(mode, storage: Provider);
        var consent = bed.Host.Services.GetRequiredService<DialogCatalog>().Dialog("onboarding").Steps["consent"];
        var yes = consent.Buttons.Single(b => b.Id == "yes").Label.Da;
        var anna = bed.Telegram.AddUser("Anna", "da");

        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.ButtonLabels.Contains(yes) == true);
        Assert.Equal(2, anna.Messages.Count(m => m.FromBot));
        Assert.StartsWith("Hej Anna!", anna.Messages.First(m => m.FromBot).Text, StringComparison.Ordinal);

        var question = anna.LastBotMessage!;
        await anna.PressAsync(yes);
        await bed.AdvanceUntilAsync(() => anna.Messages.Count(m => m.FromBot) == 3
            && anna.Messages.Single(m => m.MessageId == question.MessageId).WasEdited);

        var edited = anna.Messages.Single(m => m.MessageId == question.MessageId);
        Assert.Empty(edited.ButtonLabels);
        Assert.Contains(yes, edited.Text, StringComparison.Ordinal);
        Assert.StartsWith("Tak, Anna!", anna.LastBotMessage!.Text, StringComparison.Ordinal);
        Assert.Single(anna.CallbackAnswers);
        Assert.Empty(bed.Telegram.UnansweredCallbackQueries);
        await using var db = bed.Db();
        Assert.Equal(ConsentState.Given, (await db.People.SingleAsync()).Consent);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task An_English_Telegram_app_gets_English(TelegramReceiveMode mode)
    {
        await using var bed = await TelegramTestBed.StartAsync(mode, storage: Provider);
        var sam = bed.Telegram.AddUser("Sam", "en");

        await sam.SendTextAsync("/start");

        await bed.AdvanceUntilAsync(() => sam.Messages.Count(m => m.FromBot) == 2);
        Assert.StartsWith("Hi Sam!", sam.Messages.First(m => m.FromBot).Text, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_newcomers_menu_is_the_default_in_Danish_and_English_and_only_used_updates_are_asked_for(TelegramReceiveMode mode)
    {
        await using var bed = await TelegramTestBed.StartAsync(mode, storage: Provider);

        // Before saying yes, a person has only what works before: start, help, language and what the bot stores.
        Assert.Equal(["start", "help", "language", "mydata"], bed.Telegram.CommandsFor(null).Select(c => c.Command));
        Assert.Contains(bed.Telegram.CommandsFor("da"), c => c.Command == "start" && c.Description == "Kom i gang");
        Assert.Contains(bed.Telegram.CommandsFor("en"), c => c.Command == "start" && c.Description == "Get started");
        Assert.DoesNotContain(bed.Telegram.CommandsFor("da"), c => c.Command is "pause" or "announce" or "today");
        Assert.Equal(["callback_query", "message", "my_chat_member"], bed.Telegram.AllowedUpdates!.Order(StringComparer.Ordinal));
        if (mode == TelegramReceiveMode.Polling)
        {
            // A webhook left from an earlier set-up is removed before polling starts.
            var deleteWebhook = bed.Telegram.Calls.ToList().FindIndex(c => c.Method == "deleteWebhook");
            var firstPoll = bed.Telegram.Calls.ToList().FindIndex(c => c.Method == "getUpdates");
            Assert.InRange(deleteWebhook, 0, firstPoll);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Each_person_gets_a_menu_of_their_own_commands_that_follows_their_roles_and_language(TelegramReceiveMode mode)
    {
        FakeUser coordinator = null!;
        await using var bed = await TelegramTestBed.StartAsync(mode, arrange: telegram =>
        {
            coordinator = telegram.AddUser("Karin", "da");
            return new Dictionary<string, string> { ["Bot:Coordinators:0"] = coordinator.Id.ToString(CultureInfo.InvariantCulture) };
        }, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna", "da");

        await bed.ConsentAsync(anna);
        await bed.ConsentAsync(coordinator);
        await bed.AdvanceUntilAsync(() => bed.Telegram.MenuShownTo(anna).Any(c => c.Command == "pause")
            && bed.Telegram.MenuShownTo(coordinator).Any(c => c.Command == "newcommunity"));

        // A participant sees about five commands, all a participant's; a coordinator sees theirs as well.
        Assert.Equal(["help", "pause", "resume", "language", "mydata"], bed.Telegram.MenuShownTo(anna).Select(c => c.Command));
        Assert.Equal("Hold pause fra påmindelser", bed.Telegram.MenuShownTo(anna).Single(c => c.Command == "pause").Description);
        Assert.Contains(bed.Telegram.MenuShownTo(coordinator), c => c.Command == "announce");
        Assert.Contains(bed.Telegram.MenuShownTo(coordinator), c => c.Command == "pause");
        var menuCalls = bed.Telegram.CallsTo("setMyCommands").Count;

        // /help says the same: nobody reads about commands that are not theirs.
        await anna.SendTextAsync("/help");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.Text.StartsWith("Det kan jeg hjælpe med", StringComparison.Ordinal) == true);
        Assert.Contains("/pause", anna.LastBotMessage!.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/announce", anna.LastBotMessage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/today", anna.LastBotMessage.Text, StringComparison.Ordinal);
        Assert.Equal(menuCalls, bed.Telegram.CallsTo("setMyCommands").Count);

        // A new language, a new menu; /forget gives the chat back the default one.
        await anna.SendTextAsync("/language");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.ButtonLabels.Contains("English") == true);
        await anna.PressAsync("English");
        await bed.AdvanceUntilAsync(() => bed.Telegram.MenuShownTo(anna).Any(c => c.Description == "Pause reminders"));
        await anna.SendTextAsync("/forget");
        // Waits for the forget question itself: the language dialog may still show its own (whether to read aloud).
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.Text.StartsWith("Would you like me to delete", StringComparison.Ordinal) == true);
        await anna.PressAsync(anna.LastBotMessage!.ButtonLabels[0]);
        await bed.AdvanceUntilAsync(() => bed.Telegram.CallsTo("deleteMyCommands").Any(c => c.Succeeded));
        Assert.Equal(["start", "help", "language", "mydata"], bed.Telegram.MenuShownTo(anna).Select(c => c.Command));
        // Nothing of hers is left behind, not even the rows that took her goodbye and her menu away.
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return await db.Outbox.CountAsync(o => o.Address == anna.Id.ToString(CultureInfo.InvariantCulture)) == 0;
        }, "Anna's last rows to go once sent");
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task Group_messages_are_ignored_unless_the_group_is_a_registered_hosts_group(TelegramReceiveMode mode)
    {
        FakeGroup hosts = null!;
        await using var bed = await TelegramTestBed.StartAsync(mode, arrange: telegram =>
        {
            hosts = telegram.AddGroup("Værter torsdag");
            return new Dictionary<string, string> { ["Telegram:HostGroupChatIds:0"] = hosts.Id.ToString(CultureInfo.InvariantCulture) };
        }, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");
        var other = bed.Telegram.AddGroup("Some other group");

        await other.SendTextAsync(mette, "/help");
        await hosts.SendTextAsync(mette, "/help");

        await bed.AdvanceUntilAsync(() => hosts.Messages.Any(m => m.FromBot));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(other.Messages, m => m.FromBot);
        await using var db = bed.Db();
        Assert.DoesNotContain(await db.People.Select(p => p.ExternalId).ToListAsync(), id => id == other.Id.ToString(CultureInfo.InvariantCulture));
    }

    [SkippableTheory]
    [MemberData(nameof(Modes))]
    public async Task A_hosts_group_that_becomes_a_supergroup_keeps_talking_with_the_bot_also_after_a_restart(TelegramReceiveMode mode)
    {
        var (bed, hosts, mette) = await HostsGroupThatTalkedAsync(mode);
        await using var _ = bed;

        var (supergroup, _, _) = await bed.Telegram.MigrateToSupergroupAsync(hosts, mette);
        await bed.AdvanceUntilAsync(() => PersonAt(bed, supergroup.Id));
        await supergroup.SendTextAsync(mette, "/help");
        await bed.AdvanceUntilAsync(() => supergroup.Messages.Any(m => m.FromBot));

        // The group's conversation moved rather than starting again, and the settings still name the old id only.
        await using (var db = bed.Db())
        {
            var group = await db.People.SingleAsync(p => p.ExternalId == supergroup.Id.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(hosts.Id.ToString(CultureInfo.InvariantCulture), group.PreviousAddress);
            Assert.False(await db.People.AnyAsync(p => p.ExternalId == hosts.Id.ToString(CultureInfo.InvariantCulture)));
        }
        await bed.RestartHostAsync();
        var before = supergroup.Messages.Count(m => m.FromBot);
        await supergroup.SendTextAsync(mette, "/help");
        await bed.AdvanceUntilAsync(() => supergroup.Messages.Count(m => m.FromBot) > before);
    }

    [SkippableFact]
    public async Task A_message_for_a_group_that_moved_without_the_bot_hearing_of_it_follows_it_to_the_supergroup()
    {
        var (bed, hosts, mette) = await HostsGroupThatTalkedAsync(TelegramReceiveMode.Webhook);
        await using var _ = bed;

        var (supergroup, _, _) = await bed.Telegram.MigrateToSupergroupAsync(hosts, mette, updates: false);
        await using (var db = bed.Db())
        {
            var group = await db.People.SingleAsync(p => p.ExternalId == hosts.Id.ToString(CultureInfo.InvariantCulture));
            db.Outbox.Add(new OutboxMessage
            {
                PersonId = group.Id,
                Channel = TelegramAddress.Channel,
                Address = group.ExternalId,
                Text = "Anna kommer i dag og vil gerne tages imod.",
                CreatedAt = bed.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        bed.Host.Services.GetRequiredService<Makker.Conversations.OutboxSignal>().Pulse();

        await bed.AdvanceUntilAsync(() => supergroup.Messages.Any(m => m.FromBot && m.Text.StartsWith("Anna kommer", StringComparison.Ordinal)));
        Assert.Single(bed.Telegram.CallsTo("sendMessage"), c => c.StatusCode == 400 && c.GetString("text")!.StartsWith("Anna kommer", StringComparison.Ordinal));
        // Recorded as sent (a moment after Telegram took it).
        await Eventually.WaitAsync(async () =>
        {
            await using var after = bed.Db();
            return await after.Outbox.CountAsync(o => o.Status != OutboxStatus.Sent) == 0;
        }, "the moved message to be recorded as sent");
    }

    [SkippableFact]
    public async Task In_a_hosts_group_forget_coordinator_commands_and_dashboard_links_get_one_line_saying_to_write_privately()
    {
        var (bed, hosts, mette) = await HostsGroupThatTalkedAsync(TelegramReceiveMode.Webhook);
        await using var _ = bed;
        await bed.CoordinatorOfNewCommunityAsync(mette);
        var catalog = bed.Host.Services.GetRequiredService<DialogCatalog>();
        string[] privately = [catalog.Text(TextKeys.WritePrivately, Languages.Danish), catalog.Text(TextKeys.WritePrivately, Languages.English)];

        foreach (var command in new[] { "/forget", "/dashboard", "/dashboard@MakkerBot", "/roles", "/report", "/announce", "/invite", "/newactivity" })
        {
            var before = hosts.Messages.Count(m => m.FromBot);
            await hosts.SendTextAsync(mette, command);
            await bed.AdvanceUntilAsync(() => hosts.Messages.Count(m => m.FromBot) > before);
            await bed.LetTimePassAsync(TimeSpan.FromSeconds(2));
            var replies = hosts.Messages.Where(m => m.FromBot).Skip(before).Select(m => m.Text).ToList();
            Assert.True(replies.Count == 1 && privately.Contains(replies[0]), $"{command} in the group got: {string.Join(" | ", replies)}");
        }
        Assert.DoesNotContain(hosts.Messages, m => m.Text.Contains("/dashboard/login", StringComparison.Ordinal));
        await using (var db = bed.Db())
        {
            Assert.True(await db.People.AnyAsync(p => p.ExternalId == hosts.Id.ToString(CultureInfo.InvariantCulture)), "the group's conversation is still there");
        }

        // In her private chat the same command works.
        await mette.SendTextAsync("/dashboard");
        await bed.AdvanceUntilAsync(() => mette.LastBotMessage?.Text.Contains("/dashboard/login", StringComparison.Ordinal) == true);
    }

    /// <summary>A bot with one hosts' group in its settings, in which Mette has just had an answer to /help.</summary>
    private async Task<(TelegramTestBed Bed, FakeGroup Hosts, FakeUser Mette)> HostsGroupThatTalkedAsync(TelegramReceiveMode mode)
    {
        FakeGroup hosts = null!;
        var bed = await TelegramTestBed.StartAsync(mode, arrange: telegram =>
        {
            hosts = telegram.AddGroup("Værter torsdag");
            return new Dictionary<string, string> { ["Telegram:HostGroupChatIds:0"] = hosts.Id.ToString(CultureInfo.InvariantCulture) };
        }, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");
        await hosts.SendTextAsync(mette, "/help");
        await bed.AdvanceUntilAsync(() => hosts.Messages.Any(m => m.FromBot));
        return (bed, hosts, mette);
    }

    private static bool PersonAt(TelegramTestBed bed, long chatId)
    {
        using var db = bed.Db();
        return db.People.Any(p => p.ExternalId == chatId.ToString(CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task A_restart_after_a_turn_but_before_the_offset_moved_on_neither_repeats_nor_loses_anything()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Polling, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        // The poll after Anna's update never reaches Telegram, so her update stays unconfirmed there.
        bed.Telegram.DropNext("getUpdates", 1);
        bed.Telegram.DropNext("getUpdates", 1);

        var start = await anna.SendTextAsync("/start");
        await bed.Telegram.WaitUntilAsync(() => anna.Messages.Count(m => m.FromBot) == 1, TimeSpan.FromSeconds(20));
        Assert.True(bed.Telegram.PendingUpdateCount > 0, "the update should still be unconfirmed at Telegram");
        var callsBefore = bed.Telegram.Calls.Count;
        await bed.RestartHostAsync();

        // The new instance gets the same update again, and moves the offset past it only after seeing it.
        var past = (start.UpdateId + 1).ToString(CultureInfo.InvariantCulture);
        await bed.AdvanceUntilAsync(() => anna.Messages.Count(m => m.FromBot) == 2
            && bed.Telegram.Calls.Skip(callsBefore).Any(c => c.Method == "getUpdates" && c.GetString("offset") == past));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        var texts = anna.Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
        Assert.Equal(2, texts.Count);
        Assert.StartsWith("Hej Anna!", texts[0], StringComparison.Ordinal);
        Assert.EndsWith("Er det i orden?", texts[1], StringComparison.Ordinal);
    }
}

public sealed class TelegramConversationTestsOnPostgres : TelegramConversationTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

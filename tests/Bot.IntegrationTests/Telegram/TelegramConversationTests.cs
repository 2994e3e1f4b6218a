using System.Globalization;
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
    public async Task The_command_menu_is_set_in_Danish_and_English_and_only_used_updates_are_asked_for(TelegramReceiveMode mode)
    {
        await using var bed = await TelegramTestBed.StartAsync(mode, storage: Provider);

        Assert.Contains(bed.Telegram.CommandsFor("da"), c => c.Command == "pause" && c.Description == "Hold pause fra påmindelser");
        Assert.Contains(bed.Telegram.CommandsFor("en"), c => c.Command == "pause" && c.Description == "Pause reminders");
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

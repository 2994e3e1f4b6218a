using System.Globalization;
using Makker.Conversations;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Telegram;

/// <summary>The outbox dispatcher against a Telegram that refuses, fails, slows down and forgets.</summary>
public class TelegramDeliveryTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task A_webhook_retry_of_the_same_update_gives_one_reply()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        var first = await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 2);

        var again = await bed.Telegram.RedeliverAsync(first.UpdateId);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(200, again.StatusCode);
        Assert.Equal(2, BotMessages(anna));
        await using var db = bed.Db();
        Assert.Equal(2, await db.Outbox.CountAsync());
    }

    /// <summary>Anna sends /start and is shown the consent question.</summary>
    private static async Task<(FakeUser Anna, FakeChatMessage Question)> AskedForConsentAsync(TelegramTestBed bed)
    {
        var anna = bed.Telegram.AddUser("Anna");
        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.ButtonLabels.Contains("Ja, det er fint") == true);
        return (anna, anna.LastBotMessage!);
    }

    [SkippableFact]
    public async Task A_press_delivered_twice_counts_once_and_both_are_answered()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var (anna, question) = await AskedForConsentAsync(bed);

        await anna.PressAsync(question, "Ja, det er fint");
        await anna.PressAsync(question, "Ja, det er fint");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 3 && anna.CallbackAnswers.Count == 2);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(3, BotMessages(anna));
        Assert.Empty(bed.Telegram.UnansweredCallbackQueries);
        Assert.Single(anna.CallbackAnswers, a => !string.IsNullOrEmpty(a.Text));
    }

    [SkippableFact]
    public async Task A_press_on_an_old_message_whose_buttons_were_cleared_away_takes_that_messages_buttons_off()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var (anna, question) = await AskedForConsentAsync(bed);
        // Telegram shows the message a moment before the dispatcher has stored its Telegram id; a person is never that fast.
        var telegramId = TelegramAddress.Of(question.MessageId);
        await Eventually.WaitAsync(async () =>
        {
            await using var db = bed.Db();
            return await db.Outbox.AnyAsync(o => o.ChannelMessageId == telegramId);
        }, "the question's Telegram id stored");
        await using (var db = bed.Db())
        {
            // A question long left, its dialog over and its buttons swept away by retention: the press carries a token
            // nobody knows, and no open question points at the message.
            await db.ButtonTokens.ExecuteDeleteAsync();
            await db.DialogStates.ExecuteDeleteAsync();
        }

        await anna.PressAsync(question, "Ja, det er fint");
        // Only Telegram's own id of the pressed message says which message it was.
        await bed.AdvanceUntilAsync(() => anna.Messages.Single(m => m.MessageId == question.MessageId).WasEdited);

        var pressed = anna.Messages.Single(m => m.MessageId == question.MessageId);
        Assert.Empty(pressed.ButtonLabels);
        Assert.Equal(question.Text, pressed.Text);
    }

    [SkippableFact]
    public async Task Someone_who_blocks_the_bot_gets_nothing_until_they_come_back()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 2);

        await anna.BlockBotAsync();
        await bed.AdvanceUntilAsync(() => IsUnreachable(bed, anna));
        var parked = await QueueAsync(bed, anna, "Husk middagen i morgen.");
        await bed.AdvanceUntilAsync(() => StatusOf(bed, parked) == OutboxStatus.Failed);
        Assert.Equal(0, bed.Telegram.CallsTo("sendMessage").Count(c => c.GetString("chat_id") == Id(anna) && c.StatusCode != 200));
        Assert.Equal(2, BotMessages(anna));

        await anna.UnblockBotAsync();
        await anna.SendTextAsync("/help");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 3);
        Assert.False(IsUnreachable(bed, anna));
    }

    [SkippableFact]
    public async Task A_chat_Telegram_no_longer_knows_marks_the_person_unreachable_and_parks_their_messages()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        var bo = bed.Telegram.AddUser("Bo");
        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 2);
        bed.Telegram.ChatNotFound(anna.Id);

        var first = await QueueAsync(bed, anna, "Første besked.");
        var second = await QueueAsync(bed, anna, "Anden besked.");
        await bo.SendTextAsync("/start");

        await bed.AdvanceUntilAsync(() => StatusOf(bed, second) == OutboxStatus.Failed && BotMessages(bo) == 2);
        Assert.Equal(OutboxStatus.Failed, StatusOf(bed, first));
        Assert.True(IsUnreachable(bed, anna));
        // One refusal is enough: the second message was never tried.
        Assert.Single(bed.Telegram.CallsTo("sendMessage"), c => c.GetString("chat_id") == Id(anna) && c.StatusCode == 400);
    }

    [SkippableFact]
    public async Task A_storm_of_429s_loses_nothing_duplicates_nothing_and_keeps_each_chats_order()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var people = Enumerable.Range(1, 6).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();
        bed.Telegram.Respond429Next("sendMessage", 8, retryAfter: 3);

        foreach (var person in people)
        {
            await person.SendTextAsync("/start");
        }
        await bed.AdvanceUntilAsync(() => people.All(p => BotMessages(p) == 2));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        foreach (var person in people)
        {
            var texts = person.Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
            Assert.Equal(2, texts.Count);
            Assert.StartsWith("Hej " + person.FirstName, texts[0], StringComparison.Ordinal);
            Assert.EndsWith("Er det i orden?", texts[1], StringComparison.Ordinal);
        }
        Assert.Equal(8, bed.Telegram.CallsTo("sendMessage").Count(c => c.StatusCode == 429));
        await using var db = bed.Db();
        Assert.All(await db.Outbox.ToListAsync(), o => Assert.NotNull(o.ChannelMessageId));
    }

    [SkippableFact]
    public async Task A_429_pauses_every_chat_for_its_retry_after_and_then_each_chat_gets_its_messages_once_in_order()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var people = Enumerable.Range(1, 12).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();
        bed.Telegram.Respond429Next("sendMessage", 1, retryAfter: 5);

        await Task.WhenAll(people.Select(p => p.SendTextAsync("/start")));
        await bed.AdvanceUntilAsync(() => people.All(p => BotMessages(p) == 2));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));

        var calls = bed.Telegram.CallsTo("sendMessage");
        var refused = Assert.Single(calls, c => c.StatusCode == 429);
        // After the 429 only the sends already under way arrive; every other chat waited the 5 seconds too. One under way
        // may land a step of fake time (a quarter second) later when the machine is busy, never further into the pause.
        var underWay = refused.Time.AddMilliseconds(250);
        Assert.All(calls.SkipWhile(c => c != refused).Skip(1),
            c => Assert.True(c.Time <= underWay || c.Time >= refused.Time.AddSeconds(5), $"a send at {c.Time:HH:mm:ss.fff} during the pause from {refused.Time:HH:mm:ss.fff}"));
        Assert.Contains(calls, c => c.Time >= refused.Time.AddSeconds(5));
        foreach (var person in people)
        {
            var texts = person.Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
            Assert.Equal(2, texts.Count);
            Assert.StartsWith("Hej " + person.FirstName, texts[0], StringComparison.Ordinal);
            Assert.EndsWith("Er det i orden?", texts[1], StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Messages_go_without_link_previews_so_a_one_time_login_link_is_opened_by_nobody_but_the_person()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var jonas = bed.Telegram.AddUser("Jonas", "da");
        await bed.CoordinatorOfNewCommunityAsync(jonas);

        await jonas.SendTextAsync("/dashboard");
        await bed.AdvanceUntilAsync(() => jonas.LastBotMessage?.Text.Contains("/dashboard/login", StringComparison.Ordinal) == true);

        var login = bed.Telegram.SentMessages.Last(m => m.ChatId == jonas.Id);
        Assert.Contains("http", login.Text, StringComparison.Ordinal);
        Assert.True(login.LinkPreviewDisabled);
        Assert.All(bed.Telegram.SentMessages, m => Assert.True(m.LinkPreviewDisabled));
    }

    [SkippableFact]
    public async Task Sending_keeps_Telegrams_limits_for_the_whole_bot()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        bed.Telegram.EnforceRateLimits = true;
        var people = Enumerable.Range(1, 40).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();

        await Task.WhenAll(people.Select(p => p.SendTextAsync("/start")));
        await bed.AdvanceUntilAsync(() => people.All(p => BotMessages(p) == 2));

        Assert.Equal(0, bed.Telegram.RateLimitViolations);
        Assert.Equal(80, bed.Telegram.SentMessages.Count);
    }

    [SkippableFact]
    public async Task A_broadcast_to_many_chats_reaches_each_exactly_once()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        bed.Telegram.EnforceRateLimits = true;
        var people = Enumerable.Range(1, 300).Select(i => bed.Telegram.AddUser($"Person{i}")).ToList();

        await QueueAllAsync(bed, people, "Fællesspisning torsdag kl. 17:30.");
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentMessages.Count >= people.Count);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));

        // One message per chat: a chat's worker finishing while the next batch is read must not send it again.
        Assert.Equal(people.Select(p => p.Id).Order(), bed.Telegram.SentMessages.Select(m => m.ChatId).Order());
        Assert.Equal(0, bed.Telegram.RateLimitViolations);
        await using var db = bed.Db();
        Assert.All(await db.Outbox.ToListAsync(), o => Assert.Equal(OutboxStatus.Sent, o.Status));
    }

    [SkippableFact]
    public async Task A_long_backlog_in_one_chat_never_holds_back_another_persons_message()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        bed.Telegram.EnforceRateLimits = true;
        var anna = bed.Telegram.AddUser("Anna");
        var bo = bed.Telegram.AddUser("Bo");
        // More rows than the dispatcher ever read at once, all older than Bo's nudge; one chat gets one a second.
        await using (var db = bed.Db())
        {
            db.Outbox.AddRange(Enumerable.Range(1, 1500).Select(i => new OutboxMessage
            {
                Channel = TelegramAddress.Channel,
                Address = Id(anna),
                Text = $"Besked {i}",
                CreatedAt = bed.Clock.GetUtcNow(),
            }));
            await db.SaveChangesAsync();
        }
        await bed.AdvanceUntilAsync(() => BotMessages(anna) >= 2);

        await QueueAsync(bed, bo, "Husk fællesspisning i morgen kl. 17:30.");
        await bed.AdvanceUntilAsync(() => BotMessages(bo) == 1, within: TimeSpan.FromSeconds(5));

        var annas = anna.Messages.Where(m => m.FromBot).Select(m => m.Text).ToList();
        Assert.True(annas.Count < 100, $"Anna's backlog should still be going, but {annas.Count} were sent");
        Assert.Equal(Enumerable.Range(1, annas.Count).Select(i => $"Besked {i}"), annas);
        Assert.Equal(0, bed.Telegram.RateLimitViolations);
    }

    [SkippableFact]
    public async Task Errors_and_lost_connections_are_retried_until_the_message_arrives_once()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        bed.Telegram.FailNext("sendMessage", 2, 502);
        bed.Telegram.DropNext("sendMessage", 1);
        bed.Telegram.FailNextWithHtml("sendMessage", 1);
        bed.Telegram.MalformedNext("sendMessage", 1);

        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 2);

        await using var db = bed.Db();
        var welcome = await db.Outbox.OrderBy(o => o.Id).FirstAsync();
        Assert.Equal(OutboxStatus.Sent, welcome.Status);
        Assert.True(welcome.Attempts >= 4, $"recorded {welcome.Attempts} failed tries");
        Assert.Equal(2, anna.Messages.Count(m => m.FromBot));
    }

    [SkippableFact]
    public async Task A_message_that_keeps_failing_is_parked_with_its_reason_and_the_others_still_go()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook,
            new Dictionary<string, string> { ["Telegram:MaxSendAttempts"] = "3" }, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        var bo = bed.Telegram.AddUser("Bo");
        var doomed = await QueueAsync(bed, anna, "Denne besked når aldrig frem.");
        bed.Telegram.FailNext("sendMessage", 3, 500);

        await bed.AdvanceUntilAsync(() => StatusOf(bed, doomed) == OutboxStatus.Failed);
        await bo.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => BotMessages(bo) == 2);

        await using var db = bed.Db();
        var row = await db.Outbox.SingleAsync(o => o.Id == doomed);
        Assert.Contains("3 tries", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Telegram.Token, row.LastError!, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_text_over_4096_characters_is_split_at_a_line_with_the_buttons_on_the_last_part()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        var lines = Enumerable.Range(1, 200).Select(i => $"Linje {i}: Vi ses til middagen på torsdag.");
        var text = string.Join('\n', lines);
        Assert.InRange(text.Length, 8193, 12288);

        await QueueAsync(bed, anna, text, """[[{"label":"OK","payload":"c:help"}]]""");
        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 3);

        var parts = anna.Messages.Where(m => m.FromBot).ToList();
        Assert.All(parts, p => Assert.InRange(p.Text.Length, 1, 4096));
        Assert.All(parts, p => Assert.StartsWith("Linje ", p.Text, StringComparison.Ordinal));
        Assert.Equal(text.Replace("\n", "", StringComparison.Ordinal), string.Concat(parts.Select(p => p.Text.Replace("\n", "", StringComparison.Ordinal))));
        Assert.Empty(parts[0].ButtonLabels);
        Assert.Equal(["OK"], parts[^1].ButtonLabels);
    }

    [SkippableFact]
    public async Task After_a_restart_parts_Telegram_already_accepted_are_not_sent_again()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var anna = bed.Telegram.AddUser("Anna");
        var text = string.Join('\n', Enumerable.Range(1, 200).Select(i => $"Linje {i}: Vi ses til middagen på torsdag."));
        var sentEarlier = await QueueAsync(bed, anna, "Allerede sendt før genstarten.", status: OutboxStatus.Sent);
        // As if the process died after Telegram took the first of three parts.
        await QueueAsync(bed, anna, text, partsSent: 1);

        await bed.AdvanceUntilAsync(() => BotMessages(anna) == 2);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, BotMessages(anna));
        Assert.DoesNotContain(anna.Messages, m => m.Text.StartsWith("Linje 1:", StringComparison.Ordinal));
        Assert.DoesNotContain(anna.Messages, m => m.Text.StartsWith("Allerede", StringComparison.Ordinal));
        Assert.Equal(OutboxStatus.Sent, StatusOf(bed, sentEarlier));
    }

    private static int BotMessages(FakeUser user) => user.Messages.Count(m => m.FromBot);

    private static string Id(FakeUser user) => user.Id.ToString(CultureInfo.InvariantCulture);

    private static bool IsUnreachable(TelegramTestBed bed, FakeUser user)
    {
        using var db = bed.Db();
        return db.People.Any(p => p.ExternalId == Id(user) && p.Unreachable);
    }

    private static OutboxStatus StatusOf(TelegramTestBed bed, long outboxId)
    {
        using var db = bed.Db();
        return db.Outbox.Single(o => o.Id == outboxId).Status;
    }

    /// <summary>One broadcast: a row per person, committed together.</summary>
    private static async Task QueueAllAsync(TelegramTestBed bed, IEnumerable<FakeUser> to, string text)
    {
        await using var db = bed.Db();
        db.Outbox.AddRange(to.Select(user => new OutboxMessage
        {
            Channel = TelegramAddress.Channel,
            Address = Id(user),
            Text = text,
            CreatedAt = bed.Clock.GetUtcNow(),
        }));
        await db.SaveChangesAsync();
    }

    private static async Task<long> QueueAsync(TelegramTestBed bed, FakeUser to, string text, string? buttonsJson = null,
        OutboxStatus status = OutboxStatus.Pending, int partsSent = 0)
    {
        await using var db = bed.Db();
        var row = new OutboxMessage
        {
            Channel = TelegramAddress.Channel,
            Address = Id(to),
            Text = text,
            ButtonsJson = buttonsJson,
            Status = status,
            PartsSent = partsSent,
            CreatedAt = bed.Clock.GetUtcNow(),
        };
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}

public sealed class TelegramDeliveryTestsOnPostgres : TelegramDeliveryTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

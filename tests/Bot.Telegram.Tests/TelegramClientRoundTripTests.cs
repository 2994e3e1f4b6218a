using System.Text;
using Makker.Telegram.Api;
using Makker.Telegram.Tests.Support;
using Makker.Testing.FakeTelegram;

namespace Makker.Telegram.Tests;

/// <summary>Every client method against the fake server over loopback HTTP.</summary>
public sealed class TelegramClientRoundTripTests : FakeTelegramTest
{
    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        var me = await Client.GetMeAsync();

        Assert.True(me.IsBot);
        Assert.Equal(123456, me.Id);
        Assert.Equal(Fake.BotUser.Username, me.Username);
    }

    [Fact]
    public async Task SendMessage_returns_the_message_and_the_chat_shows_it_with_its_buttons()
    {
        var anna = Fake.AddUser("Anna");

        var sent = await Client.SendMessageAsync(anna.Id, "Dinner is tomorrow at 17:30 — coming?",
            Keyboard(("I'm coming", "b:1"), ("Not today", "b:2")));

        Assert.Equal(anna.Id, sent.Chat.Id);
        Assert.Equal(ChatTypes.Private, sent.Chat.Type);
        Assert.Equal(Fake.BotUser.Id, sent.From?.Id);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeSeconds(), sent.Date);
        Assert.Equal("b:2", sent.ReplyMarkup?.InlineKeyboard[0][1].CallbackData);

        var record = Assert.Single(Fake.SentMessages);
        Assert.Equal((anna.Id, sent.MessageId, Clock.GetUtcNow()), (record.ChatId, record.MessageId, record.Time));
        Assert.Null(record.ParseMode);
        var shown = Assert.Single(anna.Messages);
        Assert.True(shown.FromBot);
        Assert.Equal(["I'm coming", "Not today"], shown.ButtonLabels);
    }

    [Fact]
    public async Task SendMessage_leaves_out_optional_parameters_it_was_not_given()
    {
        var anna = Fake.AddUser("Anna");

        await Client.SendMessageAsync(anna.Id, "Hej", replyMarkup: null);

        var call = Assert.Single(Fake.CallsTo("sendMessage"));
        Assert.Equal(200, call.StatusCode);
        Assert.False(call.Parameters.TryGetProperty("parse_mode", out _));
        Assert.False(call.Parameters.TryGetProperty("reply_markup", out _));
        Assert.Equal(anna.Id, call.Parameters.GetProperty("chat_id").GetInt64());
    }

    [Fact]
    public async Task SendDocument_uploads_the_file_with_its_name_bytes_caption_and_buttons()
    {
        var anna = Fake.AddUser("Anna");
        // A Danish activity in the name checks that a non-ASCII file name arrives as itself.
        const string fileName = "makker-rapport-fællesspisning-2026-11.csv";
        var content = Encoding.UTF8.GetBytes("uge;kommer;ikke i dag\n47;12;3\n48;9;5\n");

        var sent = await Client.SendDocumentAsync(anna.Id, fileName, content, "Rapport for november",
            Keyboard(("Tak", "c:ok")));

        Assert.Equal(fileName, sent.Document?.FileName);
        Assert.Equal(content.Length, sent.Document?.FileSize);
        Assert.False(string.IsNullOrEmpty(sent.Document?.FileId));
        Assert.Equal("Rapport for november", sent.Caption);
        Assert.Null(sent.Text);
        Assert.Equal("c:ok", sent.ReplyMarkup?.InlineKeyboard[0][0].CallbackData);

        var record = Assert.Single(Fake.SentDocuments);
        Assert.Equal((anna.Id, sent.MessageId, Clock.GetUtcNow()), (record.ChatId, record.MessageId, record.Time));
        Assert.Equal(fileName, record.FileName);
        Assert.Equal(content, record.Content);
        Assert.Equal("text/csv", record.MimeType);
        Assert.Equal("Rapport for november", record.Caption);
        Assert.Equal(["Tak"], record.ButtonLabels);
        Assert.Empty(Fake.SentMessages);
        var shown = Assert.Single(anna.Messages);
        Assert.Equal((fileName, "Rapport for november"), (shown.DocumentName, shown.Text));
    }

    [Fact]
    public async Task SendDocument_without_caption_or_buttons_leaves_them_out()
    {
        var anna = Fake.AddUser("Anna");

        var sent = await Client.SendDocumentAsync(anna.Id, "report.txt", "hi"u8.ToArray(), caption: null, replyMarkup: null);

        var call = Assert.Single(Fake.CallsTo("sendDocument"));
        Assert.Equal(200, call.StatusCode);
        Assert.Equal(anna.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), call.GetString("chat_id"));
        Assert.False(call.Parameters.TryGetProperty("caption", out _));
        Assert.False(call.Parameters.TryGetProperty("reply_markup", out _));
        Assert.Null(sent.Caption);
        var record = Assert.Single(Fake.SentDocuments);
        Assert.Null(record.Caption);
        Assert.Equal("application/octet-stream", record.MimeType);
        Assert.Equal("hi", record.ContentText);
    }

    [Fact]
    public async Task EditMessageText_replaces_the_text_keeps_the_history_and_without_markup_removes_the_keyboard()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessageAsync(anna.Id, "Coming on Thursday?", Keyboard(("Yes", "y"), ("No", "n")));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var edited = await Client.EditMessageTextAsync(anna.Id, sent.MessageId, "Coming on Thursday? You said yes.", replyMarkup: null);

        Assert.Equal("Coming on Thursday? You said yes.", edited?.Text);
        Assert.Null(edited?.ReplyMarkup);
        var shown = Assert.Single(anna.Messages);
        Assert.Equal("Coming on Thursday? You said yes.", shown.Text);
        Assert.Empty(shown.Buttons);
        var before = Assert.Single(shown.EditHistory);
        Assert.Equal("Coming on Thursday?", before.Text);
        Assert.Equal(["Yes", "No"], before.ButtonLabels);
        Assert.Equal(Clock.GetUtcNow(), before.ReplacedAt);
    }

    [Fact]
    public async Task EditMessageReplyMarkup_replaces_and_removes_the_keyboard()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessageAsync(anna.Id, "Help cook?", Keyboard(("Yes", "y")));

        await Client.EditMessageReplyMarkupAsync(anna.Id, sent.MessageId, Keyboard(("Hand it back", "h")));
        Assert.Equal(["Hand it back"], anna.LastBotMessage?.ButtonLabels);

        await Client.EditMessageReplyMarkupAsync(anna.Id, sent.MessageId, replyMarkup: null);
        Assert.Empty(anna.LastBotMessage!.Buttons);
        Assert.Equal("Help cook?", anna.LastBotMessage.Text);
        Assert.Equal(2, anna.LastBotMessage.EditHistory.Count);
    }

    [Fact]
    public async Task A_press_arrives_as_a_callback_query_and_is_answered_once()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessageAsync(anna.Id, "Coming?", Keyboard(("Yes", "rsvp:yes"), ("Not today", "rsvp:no")));

        await anna.PressAsync("Not today");
        var update = Assert.Single(await Client.GetUpdatesAsync(null, 100, 0, null));

        var query = update.CallbackQuery!;
        Assert.Equal("rsvp:no", query.Data);
        Assert.Equal(anna.Id, query.From.Id);
        Assert.Equal("da", query.From.LanguageCode);
        Assert.Equal(sent.MessageId, query.Message?.MessageId);
        Assert.Equal(anna.Id, query.Message?.Chat.Id);
        Assert.NotNull(query.ChatInstance);
        Assert.Equal([query.Id], Fake.UnansweredCallbackQueries);

        await Client.AnswerCallbackQueryAsync(query.Id, "Thanks!");

        var answer = Assert.Single(anna.CallbackAnswers);
        Assert.Equal((query.Id, "Thanks!"), (answer.CallbackQueryId, answer.Text));
        Assert.Empty(Fake.UnansweredCallbackQueries);
        var again = await Assert.ThrowsAsync<TelegramApiException>(() => Client.AnswerCallbackQueryAsync(query.Id, null));
        Assert.Equal(400, again.ErrorCode);
        Assert.Contains("query ID is invalid", again.Description);
    }

    [Fact]
    public async Task Pressing_an_old_message_sends_that_message()
    {
        var anna = Fake.AddUser("Anna");
        await Client.SendMessageAsync(anna.Id, "Thursday?", Keyboard(("Yes", "thu")));
        await Client.SendMessageAsync(anna.Id, "Saturday?", Keyboard(("Yes", "sat")));

        await anna.PressAsync("Yes");
        await anna.PressAsync(anna.Messages[0], "Yes");
        var updates = await Client.GetUpdatesAsync(null, 100, 0, null);

        Assert.Equal(["sat", "thu"], updates.Select(u => u.CallbackQuery?.Data));
        await Assert.ThrowsAsync<InvalidOperationException>(() => anna.PressAsync("Maybe"));
    }

    [Fact]
    public async Task A_text_arrives_as_a_message_update()
    {
        var anna = Fake.AddUser("Anna", "en");

        var delivery = await anna.SendTextAsync("/start inv_7Kq2");
        var update = Assert.Single(await Client.GetUpdatesAsync(null, 100, 0, null));

        Assert.Equal(FakeDeliveryRoute.Queued, delivery.Route);
        Assert.Equal(delivery.UpdateId, update.UpdateId);
        Assert.Equal("/start inv_7Kq2", update.Message?.Text);
        Assert.Equal(anna.Id, update.Message?.From?.Id);
        Assert.Equal("en", update.Message?.From?.LanguageCode);
        Assert.Equal(ChatTypes.Private, update.Message?.Chat.Type);
        Assert.Equal("Anna", update.Message?.Chat.FirstName);
    }

    [Fact]
    public async Task Group_messages_carry_the_group_chat_and_the_sender()
    {
        var anna = Fake.AddUser("Anna");
        var choir = Fake.AddGroup("Choir");

        await choir.SendTextAsync(anna, "/help");
        var update = Assert.Single(await Client.GetUpdatesAsync(null, 100, 0, null));
        await Client.SendMessageAsync(choir.Id, "Hi all", null);

        Assert.True(choir.Id < 0);
        Assert.Equal((choir.Id, ChatTypes.Group, "Choir"), (update.Message!.Chat.Id, update.Message.Chat.Type, update.Message.Chat.Title));
        Assert.Equal(anna.Id, update.Message.From?.Id);
        Assert.Equal(["/help", "Hi all"], choir.Messages.Select(m => m.Text));
        Assert.Empty(anna.Messages);
    }

    [Fact]
    public async Task Commands_round_trip_per_language()
    {
        BotCommand[] danish = [new() { Command = "start", Description = "Kom i gang" }, new() { Command = "pause", Description = "Hold pause" }];
        BotCommand[] fallback = [new() { Command = "start", Description = "Get started" }];

        await Client.SetMyCommandsAsync(danish, "da");
        await Client.SetMyCommandsAsync(fallback, null);

        Assert.Equal(danish, Fake.CommandsFor("da"));
        Assert.Equal(fallback, Fake.CommandsFor(null));
        var bad = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SetMyCommandsAsync([new() { Command = "Start Now", Description = "x" }], null));
        Assert.Contains("BOT_COMMAND_INVALID", bad.Description);
    }

    [Fact]
    public async Task Webhook_set_info_and_delete_round_trip()
    {
        await Client.SetWebhookAsync("https://makker.example/telegram/webhook", "s3cr3t-Token_1",
            [UpdateTypes.Message, UpdateTypes.CallbackQuery, UpdateTypes.MyChatMember], dropPendingUpdates: false);

        var info = await Client.GetWebhookInfoAsync();
        Assert.Equal("https://makker.example/telegram/webhook", info.Url);
        Assert.Equal(0, info.PendingUpdateCount);
        Assert.Equal([UpdateTypes.Message, UpdateTypes.CallbackQuery, UpdateTypes.MyChatMember], info.AllowedUpdates);
        Assert.Equal("s3cr3t-Token_1", Fake.WebhookSecretToken);

        await Client.DeleteWebhookAsync(dropPendingUpdates: true);

        Assert.Equal("", (await Client.GetWebhookInfoAsync()).Url);
        Assert.Null(Fake.WebhookUrl);
    }

    [Fact]
    public async Task A_secret_token_with_forbidden_characters_is_refused()
    {
        var e = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SetWebhookAsync("https://makker.example/hook", "not allowed!", null, false));

        Assert.Equal(400, e.ErrorCode);
        Assert.Null(Fake.WebhookUrl);
    }

    [Fact]
    public async Task Html_parse_mode_is_checked_and_escaping_makes_any_name_safe()
    {
        var anna = Fake.AddUser("Anna");
        const string name = "Bo <3 & \"friends\"";

        var refused = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SendMessageAsync(anna.Id, $"<b>Welcome</b> {name}", null, ParseModes.Html));
        await Client.SendMessageAsync(anna.Id, $"<b>Welcome</b> {TelegramText.EscapeHtml(name)}", null, ParseModes.Html);

        Assert.Contains("can't parse entities", refused.Description);
        Assert.Equal(ParseModes.Html, Assert.Single(Fake.SentMessages).ParseMode);
    }
}

using System.Text;
using Makker.Telegram.Tests.Support;
using Makker.Testing.FakeTelegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using WireCommand = Makker.Testing.FakeTelegram.Wire.BotCommand;

namespace Makker.Telegram.Tests;

/// <summary>
/// Every Bot API method Makker uses, through Telegram.Bot as the host registers it, against the fake server over
/// loopback HTTP: the requests the library writes (JSON, chunked; files as multipart with attach://) are read by the
/// fake as Telegram reads them, and its answers are read by the library.
/// </summary>
public sealed class TelegramClientRoundTripTests : FakeTelegramTest
{
    [Fact]
    public async Task GetMe_returns_the_bot()
    {
        var me = await Client.GetMe();

        Assert.True(me.IsBot);
        Assert.Equal(123456, me.Id);
        Assert.Equal(Fake.BotUser.Username, me.Username);
    }

    [Fact]
    public async Task SendMessage_returns_the_message_and_the_chat_shows_it_with_its_buttons()
    {
        var anna = Fake.AddUser("Anna");

        var sent = await Client.SendMessage(anna.Id, "Dinner is tomorrow at 17:30 — coming?",
            replyMarkup: Keyboard(("I'm coming", "b:1"), ("Not today", "b:2")));

        Assert.Equal(anna.Id, sent.Chat.Id);
        Assert.Equal(ChatType.Private, sent.Chat.Type);
        Assert.Equal(Fake.BotUser.Id, sent.From?.Id);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, sent.Date);
        Assert.Equal("b:2", sent.ReplyMarkup?.InlineKeyboard.First().ElementAt(1).CallbackData);

        var record = Assert.Single(Fake.SentMessages);
        Assert.Equal((anna.Id, (long)sent.MessageId, Clock.GetUtcNow()), (record.ChatId, record.MessageId, record.Time));
        Assert.Null(record.ParseMode);
        Assert.False(record.LinkPreviewDisabled);
        var shown = Assert.Single(anna.Messages);
        Assert.True(shown.FromBot);
        Assert.Equal(["I'm coming", "Not today"], shown.ButtonLabels);
    }

    [Fact]
    public async Task SendMessage_goes_as_a_chunked_JSON_body_without_the_parameters_it_was_not_given()
    {
        var anna = Fake.AddUser("Anna");

        await Client.SendMessage(anna.Id, "Hej");

        var call = Assert.Single(Fake.CallsTo("sendMessage"));
        Assert.Equal(200, call.StatusCode);
        // Without the library's own retries its bodies are not buffered, so they have no Content-Length.
        Assert.True(call.ChunkedBody);
        Assert.False(call.Parameters.TryGetProperty("parse_mode", out _));
        Assert.False(call.Parameters.TryGetProperty("reply_markup", out _));
        Assert.Equal(anna.Id, call.Parameters.GetProperty("chat_id").GetInt64());
    }

    [Fact]
    public async Task Link_previews_can_be_turned_off()
    {
        var anna = Fake.AddUser("Anna");

        await Client.SendMessage(anna.Id, "Your link: https://makker.example/dashboard/login?t=abc", linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true });

        Assert.True(Assert.Single(Fake.SentMessages).LinkPreviewDisabled);
    }

    [Fact]
    public async Task SendDocument_uploads_the_file_as_multipart_with_its_name_bytes_caption_and_buttons()
    {
        var anna = Fake.AddUser("Anna");
        // A Danish activity in the name checks that a non-ASCII file name arrives as itself.
        const string fileName = "makker-rapport-fællesspisning-2026-11.csv";
        var content = Encoding.UTF8.GetBytes("uge;kommer;ikke i dag\n47;12;3\n48;9;5\n");

        var sent = await Client.SendDocument(anna.Id, InputFile.FromStream(new MemoryStream(content), fileName), "Rapport for november",
            replyMarkup: Keyboard(("Tak", "c:ok")));

        Assert.Equal(fileName, sent.Document?.FileName);
        Assert.Equal(content.Length, sent.Document?.FileSize);
        Assert.False(string.IsNullOrEmpty(sent.Document?.FileId));
        Assert.Equal("Rapport for november", sent.Caption);
        Assert.Null(sent.Text);
        Assert.Equal("c:ok", sent.ReplyMarkup?.InlineKeyboard.First().First().CallbackData);

        var call = Assert.Single(Fake.CallsTo("sendDocument"));
        Assert.True(call.Multipart);
        Assert.StartsWith("attach://", call.GetString("document"), StringComparison.Ordinal);
        var record = Assert.Single(Fake.SentDocuments);
        Assert.Equal((anna.Id, (long)sent.MessageId, Clock.GetUtcNow()), (record.ChatId, record.MessageId, record.Time));
        Assert.Equal(fileName, record.FileName);
        Assert.Equal(content, record.Content);
        Assert.Equal("text/csv", record.MimeType);
        Assert.Equal("Rapport for november", record.Caption);
        Assert.Equal(["Tak"], record.ButtonLabels);
        Assert.False(record.IsPhoto);
        Assert.Empty(Fake.SentMessages);
        var shown = Assert.Single(anna.Messages);
        Assert.Equal((fileName, "Rapport for november"), (shown.DocumentName, shown.Text));
    }

    [Fact]
    public async Task SendPhoto_shows_a_picture_with_its_caption_and_refuses_what_is_not_a_picture()
    {
        var anna = Fake.AddUser("Anna");
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

        var sent = await Client.SendPhoto(anna.Id, InputFile.FromStream(new MemoryStream(png), "invite.png"), "Scan to join");
        var notPicture = await Assert.ThrowsAsync<ApiRequestException>(() =>
            Client.SendPhoto(anna.Id, InputFile.FromStream(new MemoryStream("a;b"u8.ToArray()), "r.csv"), "x"));

        Assert.NotNull(sent.Photo);
        Assert.Equal("Scan to join", sent.Caption);
        var record = Assert.Single(Fake.SentDocuments);
        Assert.True(record.IsPhoto);
        Assert.Equal(png, record.Content);
        Assert.True(Assert.Single(anna.Messages).IsPhoto);
        Assert.Equal("Bad Request: IMAGE_PROCESS_FAILED", notPicture.Message);
    }

    [Fact]
    public async Task SendDocument_without_caption_or_buttons_leaves_them_out()
    {
        var anna = Fake.AddUser("Anna");

        var sent = await Client.SendDocument(anna.Id, InputFile.FromStream(new MemoryStream("hi"u8.ToArray()), "report.bin"));

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
        var sent = await Client.SendMessage(anna.Id, "Coming on Thursday?", replyMarkup: Keyboard(("Yes", "y"), ("No", "n")));
        Clock.Advance(TimeSpan.FromMinutes(1));

        var edited = await Client.EditMessageText(anna.Id, sent.MessageId, "Coming on Thursday? You said yes.");

        Assert.Equal("Coming on Thursday? You said yes.", edited.Text);
        Assert.Null(edited.ReplyMarkup);
        var shown = Assert.Single(anna.Messages);
        Assert.Equal("Coming on Thursday? You said yes.", shown.Text);
        Assert.Empty(shown.Buttons);
        var before = Assert.Single(shown.EditHistory);
        Assert.Equal("Coming on Thursday?", before.Text);
        Assert.Equal(["Yes", "No"], before.ButtonLabels);
        Assert.Equal(Clock.GetUtcNow(), before.ReplacedAt);
    }

    [Fact]
    public async Task A_press_arrives_as_a_callback_query_and_is_answered_once()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessage(anna.Id, "Coming?", replyMarkup: Keyboard(("Yes", "rsvp:yes"), ("Not today", "rsvp:no")));

        await anna.PressAsync("Not today");
        var update = Assert.Single(await Client.GetUpdates(timeout: 0));

        var query = update.CallbackQuery!;
        Assert.Equal("rsvp:no", query.Data);
        Assert.Equal(anna.Id, query.From.Id);
        Assert.Equal("da", query.From.LanguageCode);
        Assert.Equal(sent.MessageId, query.Message?.MessageId);
        Assert.Equal(anna.Id, query.Message?.Chat.Id);
        Assert.NotNull(query.ChatInstance);
        Assert.Equal([query.Id], Fake.UnansweredCallbackQueries);

        await Client.AnswerCallbackQuery(query.Id, "Thanks!");

        var answer = Assert.Single(anna.CallbackAnswers);
        Assert.Equal((query.Id, "Thanks!"), (answer.CallbackQueryId, answer.Text));
        Assert.Empty(Fake.UnansweredCallbackQueries);
        var again = await Assert.ThrowsAsync<ApiRequestException>(() => Client.AnswerCallbackQuery(query.Id));
        Assert.Equal(400, again.ErrorCode);
        Assert.Contains("query ID is invalid", again.Message);
    }

    [Fact]
    public async Task Pressing_an_old_message_sends_that_message()
    {
        var anna = Fake.AddUser("Anna");
        await Client.SendMessage(anna.Id, "Thursday?", replyMarkup: Keyboard(("Yes", "thu")));
        await Client.SendMessage(anna.Id, "Saturday?", replyMarkup: Keyboard(("Yes", "sat")));

        await anna.PressAsync("Yes");
        await anna.PressAsync(anna.Messages[0], "Yes");
        var updates = await Client.GetUpdates(timeout: 0);

        Assert.Equal(["sat", "thu"], updates.Select(u => u.CallbackQuery?.Data));
        await Assert.ThrowsAsync<InvalidOperationException>(() => anna.PressAsync("Maybe"));
    }

    [Fact]
    public async Task A_text_arrives_as_a_message_update()
    {
        var anna = Fake.AddUser("Anna", "en");

        var delivery = await anna.SendTextAsync("/start inv_7Kq2");
        var update = Assert.Single(await Client.GetUpdates(timeout: 0));

        Assert.Equal(FakeDeliveryRoute.Queued, delivery.Route);
        Assert.Equal(delivery.UpdateId, update.Id);
        Assert.Equal("/start inv_7Kq2", update.Message?.Text);
        Assert.Equal(anna.Id, update.Message?.From?.Id);
        Assert.Equal("en", update.Message?.From?.LanguageCode);
        Assert.Equal(ChatType.Private, update.Message?.Chat.Type);
        Assert.Equal("Anna", update.Message?.Chat.FirstName);
    }

    [Fact]
    public async Task Group_messages_carry_the_group_chat_and_the_sender()
    {
        var anna = Fake.AddUser("Anna");
        var choir = Fake.AddGroup("Choir");

        await choir.SendTextAsync(anna, "/help");
        var update = Assert.Single(await Client.GetUpdates(timeout: 0));
        await Client.SendMessage(choir.Id, "Hi all");

        Assert.True(choir.Id < 0);
        Assert.Equal((choir.Id, ChatType.Group, "Choir"), (update.Message!.Chat.Id, update.Message.Chat.Type, update.Message.Chat.Title));
        Assert.Equal(anna.Id, update.Message.From?.Id);
        Assert.Equal(["/help", "Hi all"], choir.Messages.Select(m => m.Text));
        Assert.Empty(anna.Messages);
    }

    [Fact]
    public async Task A_group_that_becomes_a_supergroup_says_so_in_both_chats_and_refuses_sends_to_its_old_id()
    {
        var anna = Fake.AddUser("Anna");
        var hosts = Fake.AddGroup("Hosts");

        var (supergroup, _, _) = await Fake.MigrateToSupergroupAsync(hosts, anna);
        var updates = await Client.GetUpdates(timeout: 0);
        var moved = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(hosts.Id, "Who hosts on Thursday?"));
        await Client.SendMessage(supergroup.Id, "Who hosts on Thursday?");

        Assert.Equal([supergroup.Id, null], updates.Select(u => u.Message?.MigrateToChatId));
        Assert.Equal([null, hosts.Id], updates.Select(u => u.Message?.MigrateFromChatId));
        Assert.Equal(ChatType.Supergroup, updates[1].Message!.Chat.Type);
        Assert.Equal(supergroup.Id, moved.Parameters?.MigrateToChatId);
        Assert.Equal("Who hosts on Thursday?", supergroup.LastBotMessage?.Text);
    }

    [Fact]
    public async Task Commands_round_trip_per_scope_and_language_and_a_chat_sees_the_most_specific_list()
    {
        var anna = Fake.AddUser("Anna", "da");
        var bo = Fake.AddUser("Bo", "en");
        BotCommand[] danish = [new("start", "Kom i gang"), new("help", "Hvad kan du?")];
        BotCommand[] english = [new("start", "Get started")];
        BotCommand[] annas = [new("help", "Hvad kan du?"), new("today", "Overblik for værter")];

        await Client.SetMyCommands(danish);
        await Client.SetMyCommands(english, languageCode: "en");
        await Client.SetMyCommands(annas, BotCommandScope.Chat(anna.Id));

        Assert.Equal(["start", "help"], Fake.CommandsFor(null).Select(c => c.Command));
        Assert.Equal(["today"], Fake.MenuShownTo(anna).Skip(1).Select(c => c.Command));
        Assert.Equal(["start"], Fake.MenuShownTo(bo).Select(c => c.Command));
        Assert.Equal(new WireCommand { Command = "start", Description = "Get started" }, Fake.CommandsFor("en").Single());

        await Client.DeleteMyCommands(BotCommandScope.Chat(anna.Id));
        Assert.Equal(["start", "help"], Fake.MenuShownTo(anna).Select(c => c.Command));

        var bad = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SetMyCommands([new BotCommand("Start Now", "x")]));
        Assert.Contains("BOT_COMMAND_INVALID", bad.Message);
        var nobody = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SetMyCommands(english, BotCommandScope.Chat(42)));
        Assert.Equal("Bad Request: chat not found", nobody.Message);
    }

    [Fact]
    public async Task Webhook_set_info_and_delete_round_trip()
    {
        await Client.SetWebhook("https://makker.example/telegram/webhook", allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember],
            secretToken: "s3cr3t-Token_1");

        var info = await Client.GetWebhookInfo();
        Assert.Equal("https://makker.example/telegram/webhook", info.Url);
        Assert.Equal(0, info.PendingUpdateCount);
        Assert.Equal([UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember], info.AllowedUpdates);
        Assert.Equal("s3cr3t-Token_1", Fake.WebhookSecretToken);

        await Client.DeleteWebhook(dropPendingUpdates: true);

        Assert.Equal("", (await Client.GetWebhookInfo()).Url);
        Assert.Null(Fake.WebhookUrl);
    }

    [Fact]
    public async Task A_secret_token_with_forbidden_characters_is_refused()
    {
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SetWebhook("https://makker.example/hook", secretToken: "not allowed!"));

        Assert.Equal(400, e.ErrorCode);
        Assert.Null(Fake.WebhookUrl);
    }
}

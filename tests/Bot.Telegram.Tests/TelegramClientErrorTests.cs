using System.Text;
using Makker.Telegram.Api;
using Makker.Telegram.Tests.Support;

namespace Makker.Telegram.Tests;

/// <summary>How the client reports Telegram's refusals and a broken connection.</summary>
public sealed class TelegramClientErrorTests : FakeTelegramTest
{
    [Fact]
    public async Task A_429_carries_retry_after()
    {
        var anna = Fake.AddUser("Anna");
        Fake.Respond429Next("sendMessage", 1, retryAfter: 7);

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendMessageAsync(anna.Id, "Hej", null));

        Assert.Equal((429, 7), (e.ErrorCode, e.RetryAfterSeconds));
        Assert.Equal("sendMessage", e.Method);
        Assert.True(e.IsRetryable);
        Assert.False(e.IsBlocked);
        AssertNoSecrets(e);
        await Client.SendMessageAsync(anna.Id, "Hej", null);
    }

    [Fact]
    public async Task A_blocked_person_gives_403_and_the_bot_hears_kicked()
    {
        var anna = Fake.AddUser("Anna");

        await anna.BlockBotAsync();
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendMessageAsync(anna.Id, "Dinner tomorrow?", null));
        var update = Assert.Single(await Client.GetUpdatesAsync(null, 100, 0, null));

        Assert.True(e.IsBlocked);
        Assert.False(e.IsRetryable);
        Assert.Equal("Forbidden: bot was blocked by the user", e.Description);
        Assert.True(anna.HasBlockedBot);
        Assert.Equal(ChatMemberStatuses.Member, update.MyChatMember?.OldChatMember.Status);
        Assert.Equal(ChatMemberStatuses.Kicked, update.MyChatMember?.NewChatMember.Status);
        Assert.Equal(Fake.BotUser.Id, update.MyChatMember?.NewChatMember.User.Id);
        Assert.Empty(Fake.SentMessages);

        await anna.UnblockBotAsync();
        await Client.SendMessageAsync(anna.Id, "Welcome back", null);
        Assert.Single(Fake.SentMessages);
    }

    [Fact]
    public async Task A_document_goes_through_the_same_error_mapping_as_a_message()
    {
        var anna = Fake.AddUser("Anna");
        var report = "uge;kommer\n47;12\n"u8.ToArray();
        Fake.Respond429Next("sendDocument", 1, retryAfter: 4);

        var slowDown = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendDocumentAsync(anna.Id, "r.csv", report, "Rapport", null));
        await anna.BlockBotAsync();
        var blocked = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendDocumentAsync(anna.Id, "r.csv", report, "Rapport", null));
        await anna.UnblockBotAsync();
        Fake.DropNext("sendDocument", 1);
        var dropped = await Assert.ThrowsAsync<TelegramTransportException>(() => Client.SendDocumentAsync(anna.Id, "r.csv", report, "Rapport", null));

        Assert.Equal((429, 4, "sendDocument"), (slowDown.ErrorCode, slowDown.RetryAfterSeconds, slowDown.Method));
        Assert.True(slowDown.IsRetryable);
        Assert.True(blocked.IsBlocked);
        Assert.False(blocked.IsRetryable);
        Assert.Equal(TelegramTransportFailure.Network, dropped.Failure);
        AssertNoSecrets(slowDown);
        AssertNoSecrets(dropped);
        Assert.Empty(Fake.SentDocuments);
        await Client.SendDocumentAsync(anna.Id, "r.csv", report, "Rapport", null);
        Assert.Single(Fake.SentDocuments);
    }

    [Fact]
    public async Task A_caption_over_1024_characters_and_an_empty_file_are_refused_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");

        var tooLong = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SendDocumentAsync(anna.Id, "r.csv", "x"u8.ToArray(), new string('x', TelegramText.MaxCaptionLength + 1), null));
        var empty = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendDocumentAsync(anna.Id, "r.csv", [], "Rapport", null));
        await Client.SendDocumentAsync(anna.Id, "r.csv", "x"u8.ToArray(), new string('x', TelegramText.MaxCaptionLength), null);

        Assert.Equal("Bad Request: message caption is too long", tooLong.Description);
        Assert.Equal("Bad Request: file must be non-empty", empty.Description);
        Assert.False(tooLong.IsRetryable);
        Assert.Single(Fake.SentDocuments);
    }

    [Fact]
    public async Task Unknown_and_vanished_chats_are_chat_not_found()
    {
        var anna = Fake.AddUser("Anna");
        Fake.ChatNotFound(anna.Id);

        var vanished = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendMessageAsync(anna.Id, "Hej", null));
        var unknown = await Assert.ThrowsAsync<TelegramApiException>(() => Client.SendMessageAsync(42, "Hej", null));

        Assert.True(vanished.IsChatNotFound);
        Assert.True(unknown.IsChatNotFound);
        Assert.Equal("Bad Request: chat not found", unknown.Description);
        Assert.False(unknown.IsRetryable);
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_is_not_modified()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessageAsync(anna.Id, "Coming?", Keyboard(("Yes", "y")));

        var e = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.EditMessageTextAsync(anna.Id, sent.MessageId, "Coming?", Keyboard(("Yes", "y"))));
        var markup = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.EditMessageReplyMarkupAsync(anna.Id, sent.MessageId, Keyboard(("Yes", "y"))));

        Assert.True(e.IsNotModified);
        Assert.True(markup.IsNotModified);
        Assert.False(anna.LastBotMessage!.WasEdited);
    }

    [Fact]
    public async Task Editing_a_message_that_does_not_exist_is_refused()
    {
        var anna = Fake.AddUser("Anna");

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client.EditMessageTextAsync(anna.Id, 999, "x", null));

        Assert.Equal(400, e.ErrorCode);
        Assert.Equal("Bad Request: message to edit not found", e.Description);
    }

    [Fact]
    public async Task Too_long_texts_and_too_long_callback_data_are_refused_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");

        var tooLong = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SendMessageAsync(anna.Id, new string('x', TelegramText.MaxMessageLength + 1), null));
        await Client.SendMessageAsync(anna.Id, new string('x', TelegramText.MaxMessageLength), null);
        var badData = await Assert.ThrowsAsync<TelegramApiException>(() =>
            Client.SendMessageAsync(anna.Id, "Pick", Keyboard(("A", new string('æ', 33)))));
        await Client.SendMessageAsync(anna.Id, "Pick", Keyboard(("A", new string('a', InlineKeyboardButton.MaxCallbackDataBytes))));

        Assert.Equal("Bad Request: message is too long", tooLong.Description);
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", badData.Description);
        Assert.Equal(66, Encoding.UTF8.GetByteCount(new string('æ', 33)));
        Assert.Equal(2, Fake.SentMessages.Count);
    }

    [Fact]
    public async Task A_server_error_is_retryable()
    {
        Fake.FailNext("getMe", 1, 502);

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client.GetMeAsync());

        Assert.Equal((502, "Bad Gateway"), (e.ErrorCode, e.Description));
        Assert.True(e.IsRetryable);
        Assert.Equal(502, Assert.Single(Fake.CallsTo("getMe")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_unauthorized_and_not_repeated_anywhere()
    {
        var client = NewClient(token: "123456:WRONG-token-value");

        var e = await Assert.ThrowsAsync<TelegramApiException>(() => client.GetMeAsync());

        Assert.Equal((401, "Unauthorized"), (e.ErrorCode, e.Description));
        Assert.DoesNotContain("WRONG-token-value", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Log.Lines, l => l.Contains("WRONG-token-value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dropped_connection_is_a_network_failure()
    {
        Fake.DropNext("sendMessage", 1);
        var anna = Fake.AddUser("Anna");

        var e = await Assert.ThrowsAsync<TelegramTransportException>(() => Client.SendMessageAsync(anna.Id, "Hej", null));

        Assert.Equal(TelegramTransportFailure.Network, e.Failure);
        Assert.False(e.IsTimeout);
        Assert.Null(e.InnerException);
        AssertNoSecrets(e);
        await Client.SendMessageAsync(anna.Id, "Hej", null);
    }

    [Fact]
    public async Task An_html_error_page_is_a_malformed_answer()
    {
        Fake.FailNextWithHtml("getMe", 1);

        var e = await Assert.ThrowsAsync<TelegramTransportException>(() => Client.GetMeAsync());

        Assert.Equal(TelegramTransportFailure.MalformedResponse, e.Failure);
        Assert.Equal(502, e.HttpStatusCode);
        AssertNoSecrets(e);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_malformed_answer()
    {
        Fake.MalformedNext("getWebhookInfo", 1);

        var e = await Assert.ThrowsAsync<TelegramTransportException>(() => Client.GetWebhookInfoAsync());

        Assert.Equal(TelegramTransportFailure.MalformedResponse, e.Failure);
        Assert.Equal(200, e.HttpStatusCode);
        AssertNoSecrets(e);
    }

    [Fact]
    public async Task A_hang_ends_in_a_timeout_after_the_request_time_limit()
    {
        var client = NewClient(requestTimeoutSeconds: 1);
        Fake.HangNext("getMe", 1);

        var e = await Assert.ThrowsAsync<TelegramTransportException>(() => client.GetMeAsync());

        Assert.True(e.IsTimeout);
        AssertNoSecrets(e);
        Assert.Equal(0, Assert.Single(Fake.CallsTo("getMe")).StatusCode);
        Assert.True((await client.GetMeAsync()).IsBot);
    }

    [Fact]
    public async Task Cancelling_the_caller_is_a_cancellation_not_a_failure()
    {
        Fake.HangNext("getMe", 1);
        using var cts = new CancellationTokenSource();

        var call = Client.GetMeAsync(cts.Token);
        await Fake.WaitUntilAsync(() => Fake.CallsTo("getMe").Count == 1, Patience);
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.True(e.CancellationToken == cts.Token, e.ToString());
    }

    [Fact]
    public async Task Nobody_listening_is_a_network_failure()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = NewClient(apiBaseUrl: $"http://127.0.0.1:{closedPort}");

        var e = await Assert.ThrowsAsync<TelegramTransportException>(() => client.GetMeAsync());

        Assert.Equal(TelegramTransportFailure.Network, e.Failure);
        Assert.NotNull(e.NetworkError);
        AssertNoSecrets(e);
    }
}

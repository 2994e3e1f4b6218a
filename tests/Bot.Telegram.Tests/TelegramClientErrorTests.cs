using System.Text;
using Makker.Telegram.Client;
using Makker.Telegram.Sending;
using Makker.Telegram.Tests.Support;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Makker.Telegram.Tests;

/// <summary>
/// How Telegram's refusals and a broken connection reach Makker through Telegram.Bot as Makker configures it: the kind
/// of each failure (<see cref="TelegramFailures"/>), the time limits of <see cref="TelegramCallLimits"/>, and no token
/// in any exception or log line.
/// </summary>
public sealed class TelegramClientErrorTests : FakeTelegramTest
{
    private static InputFile Csv(string name, byte[] content) => InputFile.FromStream(new MemoryStream(content), name);

    [Fact]
    public async Task A_429_carries_retry_after_and_the_library_does_not_wait_it_out_itself()
    {
        var anna = Fake.AddUser("Anna");
        Fake.Respond429Next("sendMessage", 1, retryAfter: 7);

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, "Hej"));

        Assert.Equal((429, 7), (e.ErrorCode, e.Parameters?.RetryAfter));
        // One call, answered at once: pausing every chat and trying again is the dispatcher's decision.
        Assert.Single(Fake.CallsTo("sendMessage"));
        Assert.True(e.IsRetryable());
        Assert.False(e.IsBlocked());
        AssertNoSecrets(e);
        await Client.SendMessage(anna.Id, "Hej");
    }

    [Fact]
    public async Task A_blocked_person_gives_403_and_the_bot_hears_kicked()
    {
        var anna = Fake.AddUser("Anna");

        await anna.BlockBotAsync();
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, "Dinner tomorrow?"));
        var update = Assert.Single(await Client.GetUpdates(timeout: 0));

        Assert.True(e.IsBlocked());
        Assert.False(e.IsRetryable());
        Assert.Equal("Forbidden: bot was blocked by the user", e.Message);
        Assert.True(anna.HasBlockedBot);
        Assert.Equal(ChatMemberStatus.Member, update.MyChatMember?.OldChatMember.Status);
        Assert.Equal(ChatMemberStatus.Kicked, update.MyChatMember?.NewChatMember.Status);
        Assert.Equal(Fake.BotUser.Id, update.MyChatMember?.NewChatMember.User.Id);
        Assert.Empty(Fake.SentMessages);

        await anna.UnblockBotAsync();
        await Client.SendMessage(anna.Id, "Welcome back");
        Assert.Single(Fake.SentMessages);
    }

    [Fact]
    public async Task A_document_goes_through_the_same_error_mapping_as_a_message()
    {
        var anna = Fake.AddUser("Anna");
        var report = "uge;kommer\n47;12\n"u8.ToArray();
        Fake.Respond429Next("sendDocument", 1, retryAfter: 4);

        var slowDown = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendDocument(anna.Id, Csv("r.csv", report), "Rapport"));
        await anna.BlockBotAsync();
        var blocked = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendDocument(anna.Id, Csv("r.csv", report), "Rapport"));
        await anna.UnblockBotAsync();
        Fake.DropNext("sendDocument", 1);
        var dropped = await Assert.ThrowsAsync<RequestException>(() => Client.SendDocument(anna.Id, Csv("r.csv", report), "Rapport"));

        Assert.Equal((429, 4), (slowDown.ErrorCode, slowDown.Parameters?.RetryAfter));
        Assert.True(slowDown.IsRetryable());
        Assert.True(blocked.IsBlocked());
        Assert.False(blocked.IsRetryable());
        Assert.IsNotType<ApiRequestException>(dropped);
        Assert.True(dropped.IsRetryable());
        Assert.StartsWith("network failure", dropped.Describe());
        AssertNoSecrets(slowDown);
        AssertNoSecrets(dropped);
        Assert.Empty(Fake.SentDocuments);
        await Client.SendDocument(anna.Id, Csv("r.csv", report), "Rapport");
        Assert.Single(Fake.SentDocuments);
    }

    [Fact]
    public async Task A_caption_over_1024_characters_and_an_empty_file_are_refused_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");

        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() =>
            Client.SendDocument(anna.Id, Csv("r.csv", "x"u8.ToArray()), new string('x', TelegramLimits.MaxCaptionLength + 1)));
        var empty = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendDocument(anna.Id, Csv("r.csv", []), "Rapport"));
        await Client.SendDocument(anna.Id, Csv("r.csv", "x"u8.ToArray()), new string('x', TelegramLimits.MaxCaptionLength));

        Assert.Equal("Bad Request: message caption is too long", tooLong.Message);
        Assert.Equal("Bad Request: file must be non-empty", empty.Message);
        Assert.False(tooLong.IsRetryable());
        Assert.Single(Fake.SentDocuments);
    }

    [Fact]
    public async Task Unknown_and_vanished_chats_are_chat_not_found()
    {
        var anna = Fake.AddUser("Anna");
        Fake.ChatNotFound(anna.Id);

        var vanished = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, "Hej"));
        var unknown = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(42, "Hej"));

        Assert.True(vanished.IsChatNotFound());
        Assert.True(unknown.IsChatNotFound());
        Assert.Equal("Bad Request: chat not found", unknown.Message);
        Assert.False(unknown.IsRetryable());
    }

    [Fact]
    public async Task An_edit_that_changes_nothing_is_not_modified_and_a_missing_message_is_gone()
    {
        var anna = Fake.AddUser("Anna");
        var sent = await Client.SendMessage(anna.Id, "Coming?", replyMarkup: Keyboard(("Yes", "y")));

        var same = await Assert.ThrowsAsync<ApiRequestException>(() => Client.EditMessageText(anna.Id, sent.MessageId, "Coming?", replyMarkup: Keyboard(("Yes", "y"))));
        var gone = await Assert.ThrowsAsync<ApiRequestException>(() => Client.EditMessageText(anna.Id, 999, "x"));

        Assert.True(same.IsNotModified());
        Assert.False(anna.LastBotMessage!.WasEdited);
        Assert.True(gone.IsGoneForEditing());
        Assert.False(gone.IsNotModified());
    }

    [Fact]
    public async Task Too_long_texts_and_too_long_callback_data_are_refused_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");

        var tooLong = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, new string('x', TelegramLimits.MaxMessageLength + 1)));
        await Client.SendMessage(anna.Id, new string('x', TelegramLimits.MaxMessageLength));
        var badData = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, "Pick", replyMarkup: Keyboard(("A", new string('æ', 33)))));
        await Client.SendMessage(anna.Id, "Pick", replyMarkup: Keyboard(("A", new string('a', 64))));

        Assert.Equal("Bad Request: message is too long", tooLong.Message);
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", badData.Message);
        Assert.Equal(66, Encoding.UTF8.GetByteCount(new string('æ', 33)));
        Assert.Equal(2, Fake.SentMessages.Count);
    }

    [Fact]
    public async Task A_server_error_is_retryable()
    {
        Fake.FailNext("getMe", 1, 502);

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.GetMe());

        Assert.Equal((502, "Bad Gateway"), (e.ErrorCode, e.Message));
        Assert.True(e.IsRetryable());
        Assert.Equal(502, Assert.Single(Fake.CallsTo("getMe")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_unauthorized_and_not_repeated_anywhere()
    {
        var client = NewClient(token: "123456:WRONG-token-value");

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => client.GetMe());

        Assert.Equal((401, "Unauthorized"), (e.ErrorCode, e.Message));
        Assert.DoesNotContain("WRONG-token-value", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Log.Lines, l => l.Contains("WRONG-token-value", StringComparison.Ordinal));
        // The client's own log lines name the method, and nothing of the URL.
        Assert.Contains(Log.Lines, l => l.Contains("Telegram getMe: HTTP 401", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_a_token_shaped_like_BotFathers_is_taken()
    {
        Assert.True(TelegramClients.LooksLikeToken("123456789:AAH-some_Secret"));
        Assert.False(TelegramClients.LooksLikeToken(null));
        Assert.False(TelegramClients.LooksLikeToken("AAH-some-secret"));
        Assert.False(TelegramClients.LooksLikeToken("12345:"));
        Assert.False(TelegramClients.LooksLikeToken("12345:has space"));
    }

    [Fact]
    public async Task A_dropped_connection_is_a_network_failure()
    {
        Fake.DropNext("sendMessage", 1);
        var anna = Fake.AddUser("Anna");

        var e = await Assert.ThrowsAsync<RequestException>(() => Client.SendMessage(anna.Id, "Hej"));

        Assert.IsNotType<ApiRequestException>(e);
        Assert.False(e.IsTimeout());
        Assert.StartsWith("network failure", e.Describe());
        AssertNoSecrets(e);
        await Client.SendMessage(anna.Id, "Hej");
    }

    [Fact]
    public async Task An_html_error_page_is_a_malformed_answer()
    {
        Fake.FailNextWithHtml("getMe", 1);

        var e = await Assert.ThrowsAsync<RequestException>(() => Client.GetMe());

        Assert.IsNotType<ApiRequestException>(e);
        Assert.Equal(502, e.MalformedStatus());
        Assert.True(e.IsRetryable());
        Assert.Equal("an answer that is not a Bot API answer (HTTP 502)", e.Describe());
        AssertNoSecrets(e);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_malformed_answer()
    {
        Fake.MalformedNext("getWebhookInfo", 1);

        var e = await Assert.ThrowsAsync<RequestException>(() => Client.GetWebhookInfo());

        Assert.Equal(200, e.MalformedStatus());
        AssertNoSecrets(e);
    }

    [Fact]
    public async Task A_hang_ends_in_a_timeout_after_the_request_time_limit()
    {
        var client = NewClient(requestTimeoutSeconds: 1);
        Fake.HangNext("getMe", 1);

        var started = DateTimeOffset.UtcNow;
        var e = await Assert.ThrowsAsync<RequestException>(() => client.GetMe());

        Assert.True(e.IsTimeout());
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal("no answer in time", e.Describe());
        AssertNoSecrets(e);
        Assert.Equal(0, Assert.Single(Fake.CallsTo("getMe")).StatusCode);
        Assert.True((await client.GetMe()).IsBot);
    }

    [Fact]
    public async Task A_long_poll_may_wait_its_poll_time_on_top_of_the_request_limit()
    {
        var client = NewClient(requestTimeoutSeconds: 1, pollTimeoutSeconds: 3);

        // The fake holds the poll for its 2 s: longer than a request may take, within a poll's limit.
        var updates = await client.GetUpdates(timeout: 2);

        Assert.Empty(updates);
        Assert.Equal(200, Assert.Single(Fake.CallsTo("getUpdates")).StatusCode);
    }

    [Fact]
    public async Task Cancelling_the_caller_is_a_cancellation_not_a_failure()
    {
        Fake.HangNext("getMe", 1);
        using var cts = new CancellationTokenSource();

        var call = Client.GetMe(cts.Token);
        await Fake.WaitUntilAsync(() => Fake.CallsTo("getMe").Count == 1, Patience);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Nobody_listening_is_a_network_failure()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = NewClient(apiBaseUrl: $"http://127.0.0.1:{closedPort}");

        var e = await Assert.ThrowsAsync<RequestException>(() => client.GetMe());

        Assert.Equal("network failure (ConnectionError)", e.Describe());
        AssertNoSecrets(e);
    }
}

using System.Net;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Makker.Telegram.Tests.Support;
using Makker.Testing.FakeTelegram;
using Wire = Makker.Testing.FakeTelegram.Wire;

namespace Makker.Telegram.Tests;

/// <summary>Update delivery, webhook, rate limits and wire details of the fake, seen through the real client.</summary>
public sealed class FakeTelegramServerTests : FakeTelegramTest
{
    [Fact]
    public async Task GetUpdates_offset_confirms_and_forgets_earlier_updates()
    {
        var anna = Fake.AddUser("Anna");
        var first = await anna.SendTextAsync("one");
        var second = await anna.SendTextAsync("two");
        var third = await anna.SendTextAsync("three");

        var all = await Client.GetUpdates(timeout: 0);
        var again = await Client.GetUpdates(timeout: 0);
        var afterFirst = await Client.GetUpdates(offset: (int)(first.UpdateId + 1), timeout: 0);
        var limited = await Client.GetUpdates(limit: 1, timeout: 0);
        var none = await Client.GetUpdates(offset: (int)(third.UpdateId + 1), timeout: 0);

        Assert.Equal([first.UpdateId, second.UpdateId, third.UpdateId], all.Select(u => (long)u.Id));
        Assert.Equal(second.UpdateId, first.UpdateId + 1);
        Assert.Equal(3, again.Length);
        Assert.Equal(["two", "three"], afterFirst.Select(u => u.Message?.Text));
        Assert.Equal(second.UpdateId, Assert.Single(limited).Id);
        Assert.Empty(none);
        Assert.Equal(0, Fake.PendingUpdateCount);
    }

    [Fact]
    public async Task A_negative_offset_keeps_only_the_newest_updates()
    {
        var anna = Fake.AddUser("Anna");
        await anna.SendTextAsync("one");
        await anna.SendTextAsync("two");
        await anna.SendTextAsync("three");

        var newest = await Client.GetUpdates(offset: -1, timeout: 0);
        var remaining = await Client.GetUpdates(timeout: 0);

        Assert.Equal("three", Assert.Single(newest).Message?.Text);
        Assert.Equal("three", Assert.Single(remaining).Message?.Text);
    }

    [Fact]
    public async Task A_long_poll_returns_as_soon_as_an_update_arrives()
    {
        var anna = Fake.AddUser("Anna");

        var poll = Client.GetUpdates(timeout: 50);
        await Fake.WaitUntilAsync(() => Fake.IsLongPolling, Patience);
        Assert.False(poll.IsCompleted);
        Assert.Equal(0, Assert.Single(Fake.CallsTo("getUpdates")).StatusCode);
        await anna.SendTextAsync("hello");

        // Far sooner than the 50 s poll: it was the update, not the timeout, that ended it.
        var updates = await poll.WaitAsync(Patience);
        Assert.Equal("hello", Assert.Single(updates).Message?.Text);
        Assert.False(Fake.IsLongPolling);
        Assert.Equal(200, Assert.Single(Fake.CallsTo("getUpdates")).StatusCode);
    }

    [Fact]
    public async Task A_long_poll_without_news_ends_empty_after_its_timeout()
    {
        var updates = await Client.GetUpdates(timeout: 1);

        Assert.Empty(updates);
        Assert.Equal(200, Assert.Single(Fake.CallsTo("getUpdates")).StatusCode);
    }

    [Fact]
    public async Task A_second_poller_ends_the_first_with_a_conflict()
    {
        var first = Client.GetUpdates(timeout: 50);
        await Fake.WaitUntilAsync(() => Fake.IsLongPolling, Patience);

        var second = NewClient().GetUpdates(timeout: 0);

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => first.WaitAsync(Patience));
        Assert.Equal(409, e.ErrorCode);
        Assert.Contains("terminated by other getUpdates request", e.Message);
        Assert.Empty(await second);
    }

    [Fact]
    public async Task Allowed_updates_filter_what_is_delivered()
    {
        var anna = Fake.AddUser("Anna");
        await Client.SendMessage(anna.Id, "Coming?", replyMarkup: Keyboard(("Yes", "y")));
        await Client.GetUpdates(timeout: 0, allowedUpdates: [UpdateType.Message]);

        var press = await anna.PressAsync("Yes");
        var text = await anna.SendTextAsync("hi");

        Assert.Equal(FakeDeliveryRoute.Filtered, press.Route);
        Assert.Equal(FakeDeliveryRoute.Queued, text.Route);
        Assert.Equal("hi", Assert.Single(await Client.GetUpdates(timeout: 0)).Message?.Text);
    }

    [Fact]
    public async Task Raw_updates_get_the_next_id_and_unknown_fields_are_skipped_by_the_client()
    {
        var anna = Fake.AddUser("Anna");
        var text = await anna.SendTextAsync("hi");

        var raw = await Fake.SendRawUpdateAsync(
            """{"update_id":1,"channel_post":{"message_id":5,"date":0,"chat":{"id":-100,"type":"channel"},"text":"x"}}""");
        var edited = await anna.SendRawUpdateAsync(new Wire.Update
        {
            EditedMessage = new Wire.Message
            {
                MessageId = 1,
                Chat = new Wire.Chat { Id = anna.Id, Type = Wire.ChatTypes.Private },
                From = anna.ToTelegramUser(),
                Text = "hi!",
            },
        });
        var unknownField = await Fake.SendRawUpdateAsync(
            """{"message":{"message_id":9,"date":0,"chat":{"id":CHAT,"type":"private","is_forum":false},"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}"""
                .Replace("CHAT", anna.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var updates = await Client.GetUpdates(timeout: 0);

        Assert.Equal([text.UpdateId + 1, text.UpdateId + 2, text.UpdateId + 3], [raw.UpdateId, edited.UpdateId, unknownField.UpdateId]);
        Assert.Equal(4, updates.Length);
        Assert.Equal(raw.UpdateId, updates[1].Id);
        Assert.Null(updates[1].Message);
        Assert.Equal("hi!", updates[2].EditedMessage?.Text);
        Assert.Equal("/help", updates[3].Message?.Text);
    }

    [Fact]
    public async Task Presses_in_a_group_come_from_the_person_who_pressed()
    {
        var anna = Fake.AddUser("Anna");
        var bo = Fake.AddUser("Bo");
        var choir = Fake.AddGroup("Choir");
        await Client.SendMessage(choir.Id, "Who sings on Sunday?", replyMarkup: Keyboard(("Me", "sing")));

        await choir.PressAsync(bo, "Me");
        var query = Assert.Single(await Client.GetUpdates(timeout: 0)).CallbackQuery!;
        await Client.AnswerCallbackQuery(query.Id);

        Assert.Equal((bo.Id, choir.Id, "sing"), (query.From.Id, query.Message?.Chat.Id, query.Data));
        Assert.Single(bo.CallbackAnswers);
        Assert.Empty(anna.CallbackAnswers);
    }

    [Fact]
    public async Task Setting_a_webhook_can_drop_what_is_waiting()
    {
        var anna = Fake.AddUser("Anna");
        await anna.SendTextAsync("old news");
        Assert.Equal(1, (await Client.GetWebhookInfo()).PendingUpdateCount);

        await Client.SetWebhook("https://makker.example/telegram/webhook", secretToken: "secret", dropPendingUpdates: true);
        await Client.DeleteWebhook(dropPendingUpdates: false);

        Assert.Empty(await Client.GetUpdates(timeout: 0));
    }

    [Fact]
    public async Task GetUpdates_conflicts_while_a_webhook_is_set()
    {
        await Client.SetWebhook("https://makker.example/telegram/webhook", secretToken: "secret");

        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.GetUpdates(timeout: 0));

        Assert.Equal(409, e.ErrorCode);
        Assert.Contains("webhook is active", e.Message);
    }

    [Fact]
    public async Task The_webhook_receives_updates_with_the_secret_header()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var anna = Fake.AddUser("Anna");
        await Client.SetWebhook(hook.Url.ToString(), secretToken: "s3cret_Token-1", dropPendingUpdates: true);

        var delivery = await anna.SendTextAsync("/start");

        Assert.Equal((FakeDeliveryRoute.Webhook, 200), (delivery.Route, delivery.StatusCode));
        Assert.True(delivery.Accepted);
        var received = Assert.Single(hook.Requests);
        Assert.Equal("s3cret_Token-1", received.SecretHeader);
        var update = JsonSerializer.Deserialize<Update>(received.Body, JsonBotAPI.Options)!;
        Assert.Equal((delivery.UpdateId, "/start"), ((long)update.Id, update.Message?.Text));
    }

    [Fact]
    public async Task A_failing_webhook_leaves_the_update_pending_and_a_redelivery_repeats_it_exactly()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        var anna = Fake.AddUser("Anna");
        await Client.SetWebhook(hook.Url.ToString(), secretToken: "secret");
        hook.Status = 500;

        var failed = await anna.SendTextAsync("hello");
        var info = await Client.GetWebhookInfo();
        hook.Status = 200;
        var retried = await Fake.RedeliverAsync(failed.UpdateId);

        Assert.Equal(500, failed.StatusCode);
        Assert.False(failed.Accepted);
        Assert.Equal(1, info.PendingUpdateCount);
        Assert.Contains("500", info.LastErrorMessage);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, info.LastErrorDate);
        Assert.Equal((failed.UpdateId, 200), (retried.UpdateId, retried.StatusCode));
        Assert.Equal(0, Fake.PendingUpdateCount);
        var bodies = hook.Requests.Select(r => r.Body).ToArray();
        Assert.Equal(2, bodies.Length);
        Assert.Equal(bodies[0], bodies[1]);
    }

    [Fact]
    public async Task Rate_limits_hold_per_private_chat_until_the_clock_moves()
    {
        Fake.EnforceRateLimits = true;
        var anna = Fake.AddUser("Anna");
        var bo = Fake.AddUser("Bo");

        await Client.SendMessage(anna.Id, "one");
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(anna.Id, "two"));
        await Client.SendMessage(bo.Id, "another chat is fine");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Client.SendMessage(anna.Id, "two");

        Assert.Equal((429, 1), (e.ErrorCode, e.Parameters?.RetryAfter));
        Assert.Equal(1, Fake.RateLimitViolations);
        Assert.Equal(3, Fake.SentMessages.Count);
    }

    [Fact]
    public async Task Rate_limits_hold_per_group_per_minute()
    {
        Fake.EnforceRateLimits = true;
        var choir = Fake.AddGroup("Choir");

        for (var i = 0; i < 20; i++)
        {
            await Client.SendMessage(choir.Id, $"message {i}");
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(choir.Id, "one too many"));
        Clock.Advance(TimeSpan.FromSeconds(40));
        await Client.SendMessage(choir.Id, "a minute after the first");

        Assert.Equal(429, e.ErrorCode);
        Assert.Equal(40, e.Parameters?.RetryAfter);
        Assert.Equal(1, Fake.RateLimitViolations);
    }

    [Fact]
    public async Task Rate_limits_hold_for_the_whole_bot_per_second()
    {
        Fake.EnforceRateLimits = true;
        var people = Enumerable.Range(0, 31).Select(i => Fake.AddUser($"P{i}")).ToArray();

        foreach (var person in people[..30])
        {
            await Client.SendMessage(person.Id, "hi");
        }
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(people[30].Id, "hi"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Client.SendMessage(people[30].Id, "hi");

        Assert.Equal((429, 1), (e.ErrorCode, e.Parameters?.RetryAfter));
        Assert.Equal(31, Fake.SentMessages.Count);
    }

    [Fact]
    public async Task Rate_limits_are_off_by_default()
    {
        var anna = Fake.AddUser("Anna");

        for (var i = 0; i < 5; i++)
        {
            await Client.SendMessage(anna.Id, $"burst {i}");
        }

        Assert.Equal(0, Fake.RateLimitViolations);
    }

    [Fact]
    public async Task Form_encoded_requests_are_understood_and_errors_look_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");
        using var http = new HttpClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["chat_id"] = anna.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["text"] = "123",
            ["reply_markup"] = """{"inline_keyboard":[[{"text":"Yes","callback_data":"y"}]]}""",
        });

        var ok = await http.PostAsync(new Uri($"{Fake.ApiBaseUrl}bot{Fake.Token}/sendmessage"), form);
        var unauthorized = await http.PostAsync(new Uri($"{Fake.ApiBaseUrl}bot123456:nope/getMe"), null);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.StartsWith("""{"ok":true,"result":{""", await ok.Content.ReadAsStringAsync());
        Assert.Equal(["Yes"], anna.LastBotMessage?.ButtonLabels);
        Assert.Equal("123", anna.LastBotMessage?.Text);
        Assert.Equal("sendMessage", Fake.Calls[0].Method);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal("""{"ok":false,"error_code":401,"description":"Unauthorized"}""", await unauthorized.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SendDocument_without_a_chat_or_a_file_is_refused_like_Telegram()
    {
        var anna = Fake.AddUser("Anna");
        using var http = new HttpClient();
        var chatId = anna.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        async Task<(HttpStatusCode Status, string? Description)> Post(params (string Name, HttpContent Content, string? FileName)[] parts)
        {
            using var form = new MultipartFormDataContent();
            foreach (var (name, content, fileName) in parts)
            {
                if (fileName is null)
                {
                    form.Add(content, name);
                }
                else
                {
                    form.Add(content, name, fileName);
                }
            }
            var response = await http.PostAsync(new Uri($"{Fake.ApiBaseUrl}bot{Fake.Token}/sendDocument"), form);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, body.RootElement.TryGetProperty("description", out var d) ? d.GetString() : null);
        }

        var noChat = await Post(("document", new ByteArrayContent("a;b"u8.ToArray()), "r.csv"));
        var noFile = await Post(("chat_id", new StringContent(chatId), null), ("caption", new StringContent("Rapport"), null));
        var fileId = await Post(("chat_id", new StringContent(chatId), null), ("document", new StringContent("BQACAgQAAxkDAAI"), null));
        var ok = await Post(("chat_id", new StringContent(chatId), null), ("document", new ByteArrayContent("a;b"u8.ToArray()), "r.csv"));

        Assert.Equal((HttpStatusCode.BadRequest, "Bad Request: chat_id is empty"), noChat);
        Assert.Equal((HttpStatusCode.BadRequest, "Bad Request: there is no document in the request"), noFile);
        Assert.Equal((HttpStatusCode.BadRequest, "Bad Request: wrong file identifier/HTTP URL specified"), fileId);
        Assert.Equal((HttpStatusCode.OK, null), ok);
        Assert.Equal([400, 400, 400, 200], Fake.CallsTo("sendDocument").Select(c => c.StatusCode));
        Assert.Equal("a;b", Assert.Single(Fake.SentDocuments).ContentText);
    }

    [Fact]
    public async Task Rate_limits_count_documents_with_the_messages_of_a_chat()
    {
        Fake.EnforceRateLimits = true;
        var anna = Fake.AddUser("Anna");

        await Client.SendMessage(anna.Id, "Here is the report");
        var e = await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendDocument(anna.Id, InputFile.FromStream(new MemoryStream("a;b"u8.ToArray()), "r.csv")));
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Client.SendDocument(anna.Id, InputFile.FromStream(new MemoryStream("a;b"u8.ToArray()), "r.csv"));

        Assert.Equal((429, 1), (e.ErrorCode, e.Parameters?.RetryAfter));
        Assert.Equal(1, Fake.RateLimitViolations);
        Assert.Single(Fake.SentDocuments);
    }

    [Fact]
    public async Task Calls_are_recorded_with_the_fake_clock_time_and_status()
    {
        var anna = Fake.AddUser("Anna");
        await Client.SendMessage(anna.Id, "first");
        Clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<ApiRequestException>(() => Client.SendMessage(7, "nobody"));

        var calls = Fake.Calls;

        Assert.Equal([200, 400], calls.Select(c => c.StatusCode));
        Assert.Equal(Clock.GetUtcNow() - TimeSpan.FromMinutes(5), calls[0].Time);
        Assert.Equal(Clock.GetUtcNow(), calls[1].Time);
        Assert.Equal("first", calls[0].GetString("text"));
    }

    [Fact]
    public async Task WaitUntil_gives_up_with_a_timeout()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => Fake.WaitUntilAsync(() => Fake.SentMessages.Count > 0, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task WaitForSentMessage_wakes_on_the_send()
    {
        var anna = Fake.AddUser("Anna");

        var waiting = Fake.WaitForSentMessageAsync(m => m.ChatId == anna.Id, Patience);
        Assert.False(waiting.IsCompleted);
        await Client.SendMessage(anna.Id, "here");

        Assert.Equal("here", (await waiting).Text);
    }
}

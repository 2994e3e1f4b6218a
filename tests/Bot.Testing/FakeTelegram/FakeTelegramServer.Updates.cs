using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makker.Testing.FakeTelegram.Wire;

namespace Makker.Testing.FakeTelegram;

// Updates: made by the scripted people, then either queued for getUpdates or POSTed to the webhook.
public sealed partial class FakeTelegramServer
{
    public const string SecretTokenHeader = "X-Telegram-Bot-Api-Secret-Token";

    // Telegram leaves these out unless allowed_updates names them.
    private static readonly string[] OptInUpdateTypes = ["chat_member", "message_reaction", "message_reaction_count"];

    private readonly AsyncSignal _updateArrived = new();
    private readonly List<PendingUpdate> _queue = [];
    private readonly Dictionary<long, PendingUpdate> _updates = [];
    private readonly HashSet<long> _webhookPending = [];
    private long _lastUpdateId;
    private long _lastCallbackQueryId = Random.Shared.NextInt64(1_000_000_000_000, 9_000_000_000_000);
    private WebhookState? _webhook;
    private IReadOnlyList<string>? _allowedUpdates;
    private CancellationTokenSource? _currentPoll;
    private int _waitingPolls;
    private DateTimeOffset? _lastWebhookErrorTime;
    private string? _lastWebhookError;

    private readonly record struct Enqueued(PendingUpdate Update, WebhookState? Webhook, bool Filtered);

    /// <summary>The url from setWebhook, or null while updates go to getUpdates.</summary>
    public string? WebhookUrl
    {
        get { lock (_gate) { return _webhook?.Url; } }
    }

    public string? WebhookSecretToken
    {
        get { lock (_gate) { return _webhook?.SecretToken; } }
    }

    /// <summary>The allowed_updates last given to getUpdates or setWebhook (null: never given).</summary>
    public IReadOnlyList<string>? AllowedUpdates
    {
        get { lock (_gate) { return _allowedUpdates; } }
    }

    /// <summary>Updates not yet confirmed by getUpdates, or (with a webhook) whose last delivery failed.</summary>
    public int PendingUpdateCount
    {
        get { lock (_gate) { return PendingCountLocked(); } }
    }

    /// <summary>True while a getUpdates request is waiting for an update (a long poll in progress).</summary>
    public bool IsLongPolling => Volatile.Read(ref _waitingPolls) > 0;

    /// <summary>
    /// Delivers any update: <paramref name="updateJson"/> is a JSON object with one update field (its update_id is
    /// replaced by the next id). For update kinds or fields the typed API does not cover.
    /// </summary>
    public Task<FakeDelivery> SendRawUpdateAsync(string updateJson, CancellationToken ct = default)
    {
        var update = JsonNode.Parse(updateJson) as JsonObject ?? throw new ArgumentException("An update must be a JSON object.", nameof(updateJson));
        var type = update.Select(p => p.Key).FirstOrDefault(k => k != "update_id")
            ?? throw new ArgumentException("The update has no content field such as \"message\".", nameof(updateJson));
        Enqueued entry;
        lock (_gate)
        {
            entry = EnqueueLocked(type, id =>
            {
                update["update_id"] = id;
                return update.ToJsonString();
            });
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    /// <summary>
    /// Sends an update again exactly as before (same update_id and content), as Telegram does when a webhook
    /// did not answer 2xx in time, even though the bot may have handled it already.
    /// </summary>
    public Task<FakeDelivery> RedeliverAsync(long updateId, CancellationToken ct = default)
    {
        Enqueued entry;
        lock (_gate)
        {
            if (!_updates.TryGetValue(updateId, out var update))
            {
                throw new ArgumentException($"No update {updateId} was made by this server.", nameof(updateId));
            }
            var webhook = _webhook ?? throw new InvalidOperationException("Redelivery is a webhook retry; no webhook is set.");
            _webhookPending.Add(updateId);
            entry = new Enqueued(update, webhook, Filtered: false);
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    // ---- Made by FakeUser and FakeGroup ----

    internal Task<FakeDelivery> UserSendsTextAsync(FakeUser from, long chatId, string text, CancellationToken ct)
    {
        Enqueued entry;
        lock (_gate)
        {
            var chat = _chats[chatId];
            var message = new MessageState
            {
                MessageId = chat.NextMessageId(),
                From = from.ToTelegramUser(),
                Date = _clock.GetUtcNow(),
                Text = text,
            };
            chat.Messages.Add(message);
            var sent = message.ToMessage(chat);
            entry = EnqueueLocked(UpdateTypes.Message, id => Serialize(new Update { UpdateId = id, Message = sent }));
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    internal Task<FakeDelivery> UserPressesAsync(FakeUser from, long chatId, long? messageId, string buttonLabel, CancellationToken ct)
    {
        Enqueued entry;
        lock (_gate)
        {
            var chat = _chats[chatId];
            var candidates = chat.Messages.Where(m => m.FromBot && (messageId is null || m.MessageId == messageId)).Reverse();
            var (message, button) = candidates
                .Select(m => (Message: m, Button: m.Markup?.InlineKeyboard.SelectMany(row => row).FirstOrDefault(b => b.Text == buttonLabel)))
                .FirstOrDefault(hit => hit.Button is not null);
            if (message is null || button is null)
            {
                var where = messageId is null ? $"any bot message in chat {chatId}" : $"message {messageId} in chat {chatId}";
                var shown = chat.Messages.LastOrDefault(m => m.FromBot)?.Markup.Labels() ?? [];
                throw new InvalidOperationException(
                    $"There is no button \"{buttonLabel}\" on {where}. The newest bot message shows: [{string.Join(", ", shown.Select(l => $"\"{l}\""))}].");
            }
            if (button.CallbackData is null)
            {
                throw new InvalidOperationException($"The button \"{buttonLabel}\" opens a URL; pressing it sends the bot nothing.");
            }
            var queryId = (++_lastCallbackQueryId).ToString(CultureInfo.InvariantCulture);
            _openCallbackQueries[queryId] = from.Id;
            var query = new CallbackQuery
            {
                Id = queryId,
                From = from.ToTelegramUser(),
                Message = message.ToMessage(chat),
                Data = button.CallbackData,
                ChatInstance = chat.ChatInstance,
            };
            entry = EnqueueLocked(UpdateTypes.CallbackQuery, id => Serialize(new Update { UpdateId = id, CallbackQuery = query }));
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    /// <summary>
    /// Opens a callback query for a press that the caller builds and delivers itself (a load test posting
    /// straight to the webhook), so the bot's answerCallbackQuery is accepted as for a real press.
    /// </summary>
    public string OpenCallbackQuery(FakeUser from)
    {
        lock (_gate)
        {
            var queryId = (++_lastCallbackQueryId).ToString(CultureInfo.InvariantCulture);
            _openCallbackQueries[queryId] = from.Id;
            return queryId;
        }
    }

    internal Task<FakeDelivery> SetBlockedAsync(FakeUser user, bool blocked, CancellationToken ct)
    {
        Enqueued entry;
        lock (_gate)
        {
            var chat = _chats[user.Id];
            chat.Blocked = blocked;
            var change = new ChatMemberUpdated
            {
                Chat = chat.ToChat(),
                From = user.ToTelegramUser(),
                Date = _clock.GetUtcNow().ToUnixTimeSeconds(),
                OldChatMember = new ChatMember { Status = blocked ? ChatMemberStatuses.Member : ChatMemberStatuses.Kicked, User = BotUser },
                NewChatMember = new ChatMember { Status = blocked ? ChatMemberStatuses.Kicked : ChatMemberStatuses.Member, User = BotUser },
            };
            entry = EnqueueLocked(UpdateTypes.MyChatMember, id => Serialize(new Update { UpdateId = id, MyChatMember = change }));
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    /// <summary>
    /// The group becomes a supergroup, as when its admins turn on a feature only supergroups have: it gets a new chat
    /// id (-100…), Telegram posts a service message in both chats, and sends to the old id are refused with
    /// migrate_to_chat_id. Returns the supergroup and the two service messages' deliveries, old chat first (null when
    /// <paramref name="updates"/> is false: the bot is not told, as when it was not allowed to see the service messages).
    /// </summary>
    public async Task<(FakeGroup Supergroup, FakeDelivery? InOldChat, FakeDelivery? InNewChat)> MigrateToSupergroupAsync(FakeGroup group, FakeUser by,
        bool updates = true, CancellationToken ct = default)
    {
        Enqueued inOld = default, inNew = default;
        FakeGroup supergroup;
        lock (_gate)
        {
            var old = _chats[group.Id];
            var newId = -(1_000_000_000_000 + ++_lastGroupId);
            supergroup = new FakeGroup(this, newId, group.Title);
            var chat = new ChatState(newId, ChatTypes.Supergroup, group.Title, null);
            _chats[newId] = chat;
            _groups.Add(supergroup);
            old.MigratedTo = newId;
            var oldMessage = new MessageState { MessageId = old.NextMessageId(), From = by.ToTelegramUser(), Date = _clock.GetUtcNow(), Text = "", MigrateToChatId = newId };
            old.Messages.Add(oldMessage);
            var newMessage = new MessageState { MessageId = chat.NextMessageId(), From = by.ToTelegramUser(), Date = _clock.GetUtcNow(), Text = "", MigrateFromChatId = group.Id };
            chat.Messages.Add(newMessage);
            var first = oldMessage.ToMessage(old);
            var second = newMessage.ToMessage(chat);
            if (updates)
            {
                inOld = EnqueueLocked(UpdateTypes.Message, id => Serialize(new Update { UpdateId = id, Message = first }));
                inNew = EnqueueLocked(UpdateTypes.Message, id => Serialize(new Update { UpdateId = id, Message = second }));
            }
        }
        if (!updates)
        {
            return (supergroup, null, null);
        }
        var a = await CompleteDeliveryAsync(inOld, ct);
        var b = await CompleteDeliveryAsync(inNew, ct);
        return (supergroup, a, b);
    }

    internal bool IsBlocked(long chatId)
    {
        lock (_gate)
        {
            return _chats[chatId].Blocked;
        }
    }

    internal Task<FakeDelivery> SendTypedUpdateAsync(Update update, CancellationToken ct)
    {
        var type = update switch
        {
            { Message: not null } => UpdateTypes.Message,
            { EditedMessage: not null } => UpdateTypes.EditedMessage,
            { CallbackQuery: not null } => UpdateTypes.CallbackQuery,
            { MyChatMember: not null } => UpdateTypes.MyChatMember,
            _ => throw new ArgumentException("The update has no content.", nameof(update)),
        };
        Enqueued entry;
        lock (_gate)
        {
            entry = EnqueueLocked(type, id => Serialize(update with { UpdateId = id }));
        }
        return CompleteDeliveryAsync(entry, ct);
    }

    internal IReadOnlyList<FakeCallbackAnswer> CallbackAnswersOf(long userId)
    {
        lock (_gate)
        {
            return _callbackAnswers.Where(a => a.UserId == userId).ToArray();
        }
    }

    private static string Serialize(Update update) => JsonSerializer.Serialize(update, WireJson.Default.Update);

    // ---- Delivery ----

    private Enqueued EnqueueLocked(string type, Func<long, string> json)
    {
        var id = ++_lastUpdateId;
        var update = new PendingUpdate(id, type, json(id));
        _updates[id] = update;
        if (!IsAllowedLocked(type))
        {
            return new Enqueued(update, null, Filtered: true);
        }
        if (_webhook is { } webhook)
        {
            _webhookPending.Add(id);
            return new Enqueued(update, webhook, Filtered: false);
        }
        _queue.Add(update);
        return new Enqueued(update, null, Filtered: false);
    }

    private async Task<FakeDelivery> CompleteDeliveryAsync(Enqueued entry, CancellationToken ct)
    {
        var id = entry.Update.UpdateId;
        if (entry.Filtered)
        {
            _changed.Raise();
            return new FakeDelivery(id, FakeDeliveryRoute.Filtered, null);
        }
        if (entry.Webhook is null)
        {
            _updateArrived.Raise();
            _changed.Raise();
            return new FakeDelivery(id, FakeDeliveryRoute.Queued, null);
        }

        var status = await PostToWebhookAsync(entry.Webhook, entry.Update, ct);
        lock (_gate)
        {
            if (status is >= 200 and < 300)
            {
                _webhookPending.Remove(id);
            }
            else
            {
                _lastWebhookErrorTime = _clock.GetUtcNow();
                _lastWebhookError = status is { } code ? $"Wrong response from the webhook: {code}" : "Connection refused";
            }
        }
        _changed.Raise();
        return new FakeDelivery(id, FakeDeliveryRoute.Webhook, status);
    }

    private async Task<int?> PostToWebhookAsync(WebhookState webhook, PendingUpdate update, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new StringContent(update.Json, Encoding.UTF8, "application/json"),
        };
        if (webhook.SecretToken is { } secret)
        {
            request.Headers.Add(SecretTokenHeader, secret);
        }
        try
        {
            using var response = await _webhookClient.SendAsync(request, ct);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            // The webhook took longer than Telegram would wait.
            return null;
        }
    }

    private bool IsAllowedLocked(string type) =>
        _allowedUpdates is { Count: > 0 } allowed ? allowed.Contains(type) : !OptInUpdateTypes.Contains(type);

    private int PendingCountLocked() => _webhook is null ? _queue.Count : _webhookPending.Count;

    private void DropPendingLocked()
    {
        _queue.Clear();
        _webhookPending.Clear();
    }

    private WebhookInfo WebhookInfoLocked() => new()
    {
        Url = _webhook?.Url ?? "",
        PendingUpdateCount = PendingCountLocked(),
        LastErrorDate = _webhook is null ? null : _lastWebhookErrorTime?.ToUnixTimeSeconds(),
        LastErrorMessage = _webhook is null ? null : _lastWebhookError,
        AllowedUpdates = _allowedUpdates is { Count: > 0 } allowed ? allowed : null,
    };

    // ---- getUpdates ----

    private async Task<Reply> GetUpdatesAsync(RequestArgs args, CancellationToken requestAborted)
    {
        // Poll tokens are not disposed: they own no timer, and an older poll's token may still be cancelled
        // by a newer poll after the older one has finished.
        CancellationTokenSource thisPoll;
        CancellationTokenSource? previousPoll;
        int limit;
        TimeSpan timeout;
        lock (_gate)
        {
            if (_webhook is not null)
            {
                return WebhookActive();
            }
            var offset = args.Long("offset") ?? 0;
            limit = Math.Clamp(args.Int("limit") ?? 100, 1, 100);
            timeout = TimeSpan.FromSeconds(Math.Clamp(args.Int("timeout") ?? 0, 0, 50));
            if (args.StringList("allowed_updates") is { } allowed)
            {
                _allowedUpdates = allowed;
            }
            ConfirmLocked(offset);

            previousPoll = _currentPoll;
            thisPoll = new CancellationTokenSource();
            _currentPoll = thisPoll;
        }

        // Like Telegram, a newer getUpdates ends an older one still waiting: two pollers are a mistake. Cancelled
        // outside the lock, because the older request's continuation may run inline.
        previousPoll?.Cancel();

        var waiting = false;
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _shutdown.Token, thisPoll.Token);
            wait.CancelAfter(timeout);
            while (true)
            {
                var arrived = _updateArrived.WaitAsync();
                lock (_gate)
                {
                    if (thisPoll.IsCancellationRequested)
                    {
                        return ErrorReply(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                    }
                    if (_webhook is not null)
                    {
                        return WebhookActive();
                    }
                    if (_queue.Count > 0 || wait.IsCancellationRequested)
                    {
                        return UpdatesReply(_queue.Take(limit));
                    }
                }
                if (!waiting)
                {
                    waiting = true;
                    Interlocked.Increment(ref _waitingPolls);
                    _changed.Raise();
                }
                try
                {
                    await arrived.WaitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Time is up, the client left, or a newer poll took over: the next round answers.
                }
            }
        }
        finally
        {
            if (waiting)
            {
                Interlocked.Decrement(ref _waitingPolls);
            }
            lock (_gate)
            {
                if (_currentPoll == thisPoll)
                {
                    _currentPoll = null;
                }
            }
        }
    }

    private static Reply WebhookActive() =>
        ErrorReply(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");

    /// <summary>An offset confirms every update below it; a negative one keeps only that many of the newest.</summary>
    private void ConfirmLocked(long offset)
    {
        if (offset > 0)
        {
            _queue.RemoveAll(u => u.UpdateId < offset);
        }
        else if (offset < 0)
        {
            var keep = (int)Math.Min(-offset, _queue.Count);
            _queue.RemoveRange(0, _queue.Count - keep);
        }
    }

    private static Reply UpdatesReply(IEnumerable<PendingUpdate> updates) =>
        new(200, $$"""{"ok":true,"result":[{{string.Join(",", updates.Select(u => u.Json))}}]}""");
}

using System.Text;
using Makker.Conversations;
using Makker.Speech;
using Makker.Storage;
using Makker.Telegram.Client;
using Makker.Telegram.Receiving;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Makker.Telegram.Sending;

/// <summary>
/// Sends the Telegram rows of the outbox. Each chat gets its messages one at a time and in order; up to
/// <see cref="TelegramOptions.ParallelChats"/> chats are served at once within the rate limits. The message id
/// Telegram returns is recorded the moment a send succeeds, so a restart resends nothing Telegram accepted
/// (at least once to Telegram, once in effect). The one exception: a process killed while a send is in flight, after
/// Telegram took the message and before its answer was recorded, sends it again after the restart, because the Bot
/// API has no idempotency key.
/// </summary>
/// <remarks>
/// Every message goes with link previews off: some carry one-time links (a dashboard login, a set-up code), and a
/// preview would make Telegram's crawler open the link before the person does.
/// </remarks>
public sealed class OutboxDispatcher(
    IDbContextFactory<MakkerDb> dbs,
    WriteGate writes,
    Leases leases,
    ITelegramBotClient client,
    TelegramRateLimiter limiter,
    HostGroups groups,
    TelegramMetrics metrics,
    OutboxSignal signal,
    VoiceCache voices,
    TimeProvider clock,
    IOptions<TelegramOptions> options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    /// <summary>How often the table is looked at without a signal: rows from other instances, held messages.</summary>
    private static readonly TimeSpan IdleLook = TimeSpan.FromSeconds(1);
    /// <summary>How many of one chat's messages a worker takes at a time; at 1 a second per chat, a minute's worth.</summary>
    private const int ChatBatch = 60;

    /// <summary>One dispatcher sends for the whole cluster, so Telegram's limits hold across instances.</summary>
    public const string LeaseName = "telegram-dispatcher";
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(15);

    private readonly TelegramOptions _options = options.Value;
    private readonly HashSet<string> _busyChats = [];
    private readonly string _me = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _sendFrom = DateTimeOffset.MinValue;
    private static readonly TimeSpan TakeoverPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether this instance is the one that sends; renewed well before it runs out. A lease taken over from another
    /// instance is used a second after that one's last possible send: Telegram's per-chat and per-second limits
    /// count what it sent just before.
    /// </summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_heldUntil != DateTimeOffset.MinValue && now < _heldUntil - LeaseTime / 2)
        {
            return now >= _sendFrom;
        }
        var grant = await leases.HoldAsync(LeaseName, _me, now, LeaseTime, ct);
        if (!grant.Held)
        {
            _heldUntil = DateTimeOffset.MinValue;
            return false;
        }
        if (grant.OtherHolderUntil is { } other)
        {
            _sendFrom = other + TakeoverPause;
        }
        _heldUntil = now + LeaseTime;
        return now >= _sendFrom;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new List<Task>();
        using var stopping = stoppingToken.Register(() => log.LogInformation("The Telegram dispatcher is stopping; sends in flight finish and are recorded first"));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                workers.RemoveAll(w => w.IsCompleted);
                var started = 0;
                if (workers.Count < _options.ParallelChats && await HoldLeaseAsync(stoppingToken))
                {
                    await SpaceOutLooksAsync(stoppingToken);
                    foreach (var address in await LoadDueChatsAsync(_options.ParallelChats - workers.Count, stoppingToken))
                    {
                        lock (_busyChats)
                        {
                            _busyChats.Add(address);
                        }
                        workers.Add(Task.Run(() => ServeChatAsync(address, stoppingToken), CancellationToken.None));
                        started++;
                    }
                }
                if (started == 0)
                {
                    // Wakes for a new turn's messages, a finished chat (its later messages can go now), or the idle look.
                    await signal.WaitAsync(IdleLook, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "The Telegram dispatcher stumbled; it looks again shortly");
                await DelayQuietlyAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
        // Let the sends in flight finish recording what Telegram accepted, then let another instance take over at once.
        await Task.WhenAll(workers).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        if (_heldUntil > DateTimeOffset.MinValue)
        {
            try
            {
                await leases.ReleaseAsync(LeaseName, _me, clock.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning(e, "Could not let go of the dispatcher lease; another instance takes over when it runs out");
            }
        }
    }

    /// <summary>
    /// Every turn and every finished chat pulses the loop, and each look reads which chats are due: under a flood of
    /// turns with a backlog waiting that was hundreds of reads a second, each over the whole backlog, for sends that
    /// Telegram lets out 30 a second. Looks are spaced a little on the real clock: this saves work, it is not product
    /// time (a reply still goes within the gap), so tests on a fake clock never wait for it.
    /// </summary>
    private async Task SpaceOutLooksAsync(CancellationToken ct)
    {
        var since = System.Diagnostics.Stopwatch.GetElapsedTime(_lastLook);
        if (since < LookGap)
        {
            await Task.Delay(LookGap - since, ct);
        }
        _lastLook = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private static readonly TimeSpan LookGap = TimeSpan.FromMilliseconds(20);
    private long _lastLook;

    /// <summary>
    /// The chats with something due that no worker is serving, oldest message first. The waiting rows are walked in
    /// order, skipping the chats being served, and the walk stops after a few rows per free place: a look costs the
    /// same with ten rows waiting or a hundred thousand (grouping the whole backlog per chat, as this once did, made
    /// every look read all of it, fifty times a second under a flood of turns). A chat's long backlog takes one
    /// place and is skipped once served, so it never pushes other people's nudges back; only the addresses are read,
    /// since a worker reads its chat's rows itself once it has the chat.
    /// </summary>
    private async Task<List<string>> LoadDueChatsAsync(int room, CancellationToken ct)
    {
        string[] busy;
        lock (_busyChats)
        {
            busy = [.. _busyChats];
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var heads = await DueChatHeads(db, clock.GetUtcNow(), busy, room * RowsPerPlace).ToListAsync(ct);
        return heads.Distinct().Take(room).ToList();
    }

    /// <summary>The addresses of the oldest due rows of chats not being served, in order, at most <paramref name="limit"/>.</summary>
    internal static IQueryable<string> DueChatHeads(MakkerDb db, DateTimeOffset now, string[] busy, int limit) =>
        Due(db, now).Where(o => !busy.Contains(o.Address)).OrderBy(o => o.Id).Select(o => o.Address).Take(limit);

    /// <summary>How far a look walks per free place: enough that a few chats with several messages each still fill it.</summary>
    private const int RowsPerPlace = 4;

    /// <summary>
    /// One chat's due rows, in order. Read after the chat was marked busy, so nothing sent a moment ago by an earlier
    /// worker for the same chat is read as still pending.
    /// </summary>
    private async Task<List<OutboxMessage>> LoadChatAsync(string address, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await Due(db, clock.GetUtcNow()).Where(o => o.Address == address).OrderBy(o => o.Id).Take(ChatBatch).ToListAsync(ct);
    }

    private static IQueryable<OutboxMessage> Due(MakkerDb db, DateTimeOffset now) =>
        db.Outbox.AsNoTracking()
            .Where(o => o.Channel == TelegramAddress.Channel && o.Status == OutboxStatus.Pending && (o.NotBefore == null || o.NotBefore <= now));

    private async Task ServeChatAsync(string address, CancellationToken ct)
    {
        try
        {
            var messages = await LoadChatAsync(address, ct);
            if (!TelegramAddress.TryParse(address, out var chatId))
            {
                await ParkAsync(messages.Select(m => m.Id), "Not a Telegram chat id.", "bad address", ct);
                return;
            }
            if (await IsUnreachableAsync(address, ct))
            {
                // Blocked earlier and not back yet: Telegram would only refuse again.
                await ParkAsync(messages.Select(m => m.Id), "The person cannot be reached on Telegram.", "unreachable", ct);
                return;
            }
            foreach (var message in messages)
            {
                if (!await DeliverAsync(chatId, message, ct))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: what was not sent stays pending for the next start.
        }
        catch (Exception e)
        {
            log.LogError(e, "Sending to a chat failed unexpectedly; its messages stay pending");
        }
        finally
        {
            lock (_busyChats)
            {
                _busyChats.Remove(address);
            }
            signal.Pulse();
        }
    }

    /// <summary>Sends one row with retries. False when the chat cannot take more now (unreachable, or moved).</summary>
    private async Task<bool> DeliverAsync(long chatId, OutboxMessage message, CancellationToken ct)
    {
        for (var attempt = message.Attempts + 1; ; attempt++)
        {
            try
            {
                if (message.Kind == OutboxKind.CommandMenu)
                {
                    await SetMenuAsync(chatId, message, ct);
                }
                else if (message.Kind == OutboxKind.Voice)
                {
                    await SendVoiceAsync(chatId, message, ct);
                }
                else if (message.EditsMessageId is { } original)
                {
                    await EditAsync(chatId, message, original, ct);
                }
                else
                {
                    await SendAsync(chatId, message, ct);
                }
                return true;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                log.LogWarning("Telegram asked to slow down for {RetryAfterSeconds} s", wait.TotalSeconds);
                metrics.TooManyRequests();
                limiter.PauseAll(wait);
                attempt--; // being told to wait is not a failed try
            }
            catch (ApiRequestException e) when (e.Parameters?.MigrateToChatId is { } newChatId)
            {
                // A hosts' group became a supergroup: its waiting messages move to the new chat and go from there.
                await groups.MigrateAsync(chatId, newChatId, ct);
                signal.Pulse();
                return false;
            }
            catch (ApiRequestException e) when (e.IsBlocked() || e.IsChatNotFound())
            {
                await WriteAsync(db => OutboxDelivery.MarkUnreachableAsync(db, TelegramAddress.Channel, message.Address, e.Message, ct), ct);
                metrics.Unreachable();
                log.LogInformation("A chat cannot be reached ({ErrorCode}); its person is marked unreachable", e.ErrorCode);
                return false;
            }
            catch (RequestException e) when (e.IsRetryable())
            {
                if (attempt >= _options.MaxSendAttempts)
                {
                    await ParkAsync([message.Id], $"Gave up after {attempt} tries: {e.Describe()}", "retries", ct);
                    log.LogWarning("Parked outbox message {OutboxId} after {Attempts} tries", message.Id, attempt);
                    return true;
                }
                metrics.Retried();
                await RecordAttemptAsync(message.Id, attempt, e.Describe(), ct);
                await DelayQuietlyAsync(Backoff.For(attempt, TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds)), ct);
                ct.ThrowIfCancellationRequested();
            }
            catch (ApiRequestException e)
            {
                // Telegram will never accept this one (a bad request): park it with the reason, go on.
                await ParkAsync([message.Id], e.Describe(), "refused", ct);
                log.LogWarning("Telegram refused outbox message {OutboxId}: {ErrorCode}", message.Id, e.ErrorCode);
                return true;
            }
        }
    }

    /// <summary>
    /// The person's own command menu, for their chat only; an empty one gives the chat the default menu back. Not a
    /// message, so it takes no place in the per-chat and per-second limits; it keeps its place in the chat's order.
    /// </summary>
    private async Task SetMenuAsync(long chatId, OutboxMessage message, CancellationToken ct)
    {
        var entries = CommandMenu.Parse(message.Text);
        var scope = BotCommandScope.Chat(chatId);
        if (entries.Count == 0)
        {
            await client.DeleteMyCommands(scope, cancellationToken: CancellationToken.None);
        }
        else
        {
            await client.SetMyCommands(entries.Select(e => new BotCommand(e.Command, e.Description)), scope, cancellationToken: CancellationToken.None);
        }
        metrics.Sent("menu");
        await MarkSentAsync(message, channelMessageId: null, partsSent: 0);
    }

    private async Task SendAsync(long chatId, OutboxMessage message, CancellationToken ct)
    {
        var parts = Parts(message);
        var markup = Keyboard(message.ButtonsJson);
        for (var i = message.PartsSent; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            await limiter.WaitForSlotAsync(chatId, ct);
            Message sent;
            try
            {
                // The buttons go on the last part, where the question is. A send that has started is not cancelled
                // when the host stops (it has its own time limit): Telegram may already have the message, and only
                // an answer lets us record that, so a restart does not send it again.
                sent = parts[i].IsFile
                    ? await SendFileAsync(chatId, message, parts[i].Text, last ? markup : null)
                    : await client.SendMessage(chatId, parts[i].Text!, replyMarkup: last ? markup : null, linkPreviewOptions: NoPreview,
                        cancellationToken: CancellationToken.None);
            }
            finally
            {
                limiter.Release(chatId);
            }
            metrics.Sent(parts[i].IsFile ? "file" : "message");
            message.PartsSent = i + 1;
            if (last)
            {
                await MarkSentAsync(message, TelegramAddress.Of(sent.MessageId), i + 1);
            }
            else
            {
                var partsSent = i + 1;
                await WriteAsync(db => db.Outbox.Where(o => o.Id == message.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.PartsSent, partsSent), CancellationToken.None), CancellationToken.None);
            }
        }
    }

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    /// <summary>
    /// A text read aloud, as a voice message (Ogg/Opus). The audio comes from the voice cache, made before the chat's
    /// slot is taken, so a synthesis holds up no rate limit; one that cannot be made is parked, not retried forever.
    /// </summary>
    private async Task SendVoiceAsync(long chatId, OutboxMessage message, CancellationToken ct)
    {
        VoiceClip clip;
        try
        {
            clip = await voices.GetAsync(message.Text, message.Language, ct);
        }
        catch (SpeechException e)
        {
            await ParkAsync([message.Id], e.Message, "speech", ct);
            log.LogWarning("Outbox message {OutboxId} could not be read aloud: {Reason}", message.Id, e.Message);
            return;
        }
        await limiter.WaitForSlotAsync(chatId, ct);
        Message sent;
        try
        {
            // Not cancelled once started, like a send (see SendAsync).
            sent = await client.SendVoice(chatId, InputFile.FromStream(new MemoryStream(clip.Ogg), "makker.ogg"),
                duration: (int)Math.Ceiling(clip.Duration.TotalSeconds), cancellationToken: CancellationToken.None);
        }
        finally
        {
            limiter.Release(chatId);
        }
        metrics.Sent("voice");
        await MarkSentAsync(message, TelegramAddress.Of(sent.MessageId), 1);
    }

    /// <summary>A picture (the invite's QR code) goes as a photo, shown in the chat; any other file as a document.</summary>
    private Task<Message> SendFileAsync(long chatId, OutboxMessage message, string? caption, InlineKeyboardMarkup? markup)
    {
        var bytes = message.DocumentBytes ?? Encoding.UTF8.GetBytes(message.DocumentText ?? "");
        var file = InputFile.FromStream(new MemoryStream(bytes), FormFileName(message.DocumentName!));
        return IsPhoto(message.DocumentName!)
            ? client.SendPhoto(chatId, file, caption, replyMarkup: markup, cancellationToken: CancellationToken.None)
            : client.SendDocument(chatId, file, caption, replyMarkup: markup, cancellationToken: CancellationToken.None);
    }

    private static bool IsPhoto(string fileName) =>
        fileName.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Telegram.Bot writes the file name into the part's header as it is (raw UTF-8, which is what the Bot API server
    /// reads), and the server's form parser ends the name at the next ';' and decodes no escapes; so the characters
    /// that would end it early, or end the header, become '_' rather than something the person would see garbled.
    /// </summary>
    private static string FormFileName(string fileName) =>
        string.Create(fileName.Length, fileName, static (span, name) =>
        {
            for (var i = 0; i < name.Length; i++)
            {
                span[i] = name[i] is '"' or ';' or '\r' or '\n' or '\\' ? '_' : name[i];
            }
        });

    /// <summary>Records what Telegram accepted; a row meant to vanish once delivered is deleted instead, a one-time link keeps only its marker.</summary>
    private Task MarkSentAsync(OutboxMessage message, string? channelMessageId, int partsSent) =>
        WriteAsync(db => message.DeleteWhenSent
            ? db.Outbox.Where(o => o.Id == message.Id).ExecuteDeleteAsync(CancellationToken.None)
            : db.Outbox.Where(o => o.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatus.Sent)
                .SetProperty(o => o.SentAt, clock.GetUtcNow())
                .SetProperty(o => o.ChannelMessageId, channelMessageId)
                .SetProperty(o => o.PartsSent, partsSent)
                // A one-time link's text gives way to its marker: the record stays, the secret does not.
                .SetProperty(o => o.Text, o => o.TextWhenSent ?? o.Text)
                .SetProperty(o => o.TextWhenSent, (string?)null), CancellationToken.None), CancellationToken.None);

    /// <summary>
    /// Every write of the dispatcher queues at the process's write gate with the turns. On SQLite a write that met
    /// the lock held would wait inside SQLite's busy handler, blocking a thread-pool thread; with many chats served
    /// at once those blocked threads starved the webhook's turns (inbound fell to a tenth).
    /// </summary>
    private async Task WriteAsync(Func<MakkerDb, Task> write, CancellationToken ct)
    {
        using var turn = await writes.EnterAsync(ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await write(db);
    }

    /// <summary>One Telegram message of an outbox row: a piece of its text, or its file with the caption it carries.</summary>
    private readonly record struct Part(string? Text, bool IsFile);

    /// <summary>
    /// What a row becomes on Telegram, in order; <see cref="OutboxMessage.PartsSent"/> counts these, so a row always
    /// gives the same parts. A long text is split. A file carries the text as its caption, unless the text is longer
    /// than a caption may be: then the text goes first, as message(s), and the file last without a caption.
    /// </summary>
    private static IReadOnlyList<Part> Parts(OutboxMessage message)
    {
        if (message.DocumentName is null)
        {
            return MessageSplitter.Split(message.Text, TelegramLimits.MaxMessageLength).Select(t => new Part(t, false)).ToList();
        }
        if (message.Text.Length <= TelegramLimits.MaxCaptionLength)
        {
            return [new Part(string.IsNullOrWhiteSpace(message.Text) ? null : message.Text, true)];
        }
        return [.. MessageSplitter.Split(message.Text, TelegramLimits.MaxMessageLength).Select(t => new Part(t, false)), new Part(null, true)];
    }

    private async Task EditAsync(long chatId, OutboxMessage edit, long originalId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var original = await db.Outbox.AsNoTracking().Where(o => o.Id == originalId).Select(o => new { o.ChannelMessageId }).FirstOrDefaultAsync(ct);
        if (original?.ChannelMessageId is null || !TelegramAddress.TryParse(original.ChannelMessageId, out var telegramMessageId))
        {
            await ParkAsync([edit.Id], "The message to edit was never sent.", "never sent", ct);
            return;
        }
        // A long message was split; its buttons, and so the edit, belong to the last part.
        var text = MessageSplitter.Split(edit.Text, TelegramLimits.MaxMessageLength)[^1];
        await limiter.WaitForSlotAsync(chatId, ct);
        string? note = null;
        try
        {
            // Not cancelled once started, like a send (see SendAsync).
            await client.EditMessageText(chatId, (int)telegramMessageId, text, replyMarkup: Keyboard(edit.ButtonsJson), linkPreviewOptions: NoPreview,
                cancellationToken: CancellationToken.None);
            metrics.Sent("edit");
        }
        catch (ApiRequestException e) when (e.IsNotModified())
        {
            // Already shows this: the goal of the edit is reached.
        }
        catch (ApiRequestException e) when (e.IsGoneForEditing())
        {
            note = e.Describe();
        }
        finally
        {
            limiter.Release(chatId);
        }
        await WriteAsync(w => w.Outbox.Where(o => o.Id == edit.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OutboxStatus.Sent)
            .SetProperty(o => o.SentAt, clock.GetUtcNow())
            .SetProperty(o => o.LastError, note), CancellationToken.None), CancellationToken.None);
    }

    private static InlineKeyboardMarkup? Keyboard(string? buttonsJson)
    {
        var rows = OutboxButtons.Parse(buttonsJson);
        return rows.Count == 0
            ? null
            : new InlineKeyboardMarkup(rows.Select(r => r.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Payload))));
    }

    private async Task<bool> IsUnreachableAsync(string address, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.People.AnyAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == address && p.Unreachable, ct);
    }

    private Task RecordAttemptAsync(long id, int attempts, string reason, CancellationToken ct) =>
        WriteAsync(db => db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.Attempts, attempts).SetProperty(o => o.LastError, reason), ct), ct);

    private async Task ParkAsync(IEnumerable<long> ids, string reason, string kind, CancellationToken ct)
    {
        var list = ids.ToList();
        metrics.Parked(list.Count, kind);
        await WriteAsync(async db =>
        {
            // Given up on, it is kept for the record like a sent one: what was to vanish once delivered goes now.
            await db.Outbox.Where(o => list.Contains(o.Id) && o.DeleteWhenSent).ExecuteDeleteAsync(ct);
            await db.Outbox.Where(o => list.Contains(o.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatus.Failed)
                .SetProperty(o => o.LastError, reason)
                .SetProperty(o => o.Text, o => o.TextWhenSent ?? o.Text)
                .SetProperty(o => o.TextWhenSent, (string?)null), ct);
        }, ct);
    }

    private async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, clock, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

using System.Text;
using System.Text.Json;
using Makker.Testing.FakeTelegram.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Makker.Testing.FakeTelegram;

/// <summary>
/// A Telegram Bot API server on a free loopback port, for tests: it speaks the subset Makker uses at
/// <c>/bot{token}/{method}</c>, holds scripted people and groups who send messages and press buttons, delivers
/// their updates by getUpdates or by webhook, records every call, and can misbehave on request (errors, 429s,
/// dropped connections, hangs, garbage). Times (message dates, call times, rate limits) come from the given
/// clock; only the long poll and a hang wait in real time, because a client's timeouts are real.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    public const string DefaultToken = "123456:TEST-fake-token";

    private readonly object _gate = new();
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    // Raised on every recorded call and every change a test may wait for.
    private readonly AsyncSignal _changed = new();
    private readonly Dictionary<string, TaskCompletionSource> _holds = [];
    private int _heldCalls;

    private readonly List<FakeCall> _calls = [];
    private readonly List<FakeSentMessage> _sent = [];
    private readonly List<FakeSentDocument> _documents = [];
    private readonly List<FakeSentVoice> _voices = [];
    private readonly List<FakeCallbackAnswer> _callbackAnswers = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly HashSet<long> _missingChats = [];
    private readonly Dictionary<string, Queue<Fault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _outageUntil = DateTimeOffset.MinValue;
    private int _outageCalls;
    private readonly RateLimiter _rateLimiter = new();
    private readonly List<FakeUser> _users = [];
    private readonly List<FakeGroup> _groups = [];
    private long _lastUserId = 7_100_000_000;
    private long _lastGroupId = 4_100_000_000;
    private int _rateLimitViolations;
    private bool _enforceRateLimits;
    private WebApplication? _app;

    private FakeTelegramServer(TimeProvider clock, string token)
    {
        _clock = clock;
        Token = token;
        var botId = long.TryParse(token.Split(':')[0], out var id) ? id : 123456;
        BotUser = new User { Id = botId, IsBot = true, FirstName = "Makker", Username = "makker_test_bot" };
        _lastUpdateId = Random.Shared.Next(100_000, 900_000_000);
    }

    public string Token { get; }

    /// <summary>Put this in TelegramOptions.ApiBaseUrl.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>The bot itself, as getMe answers and as the sender of its messages.</summary>
    public User BotUser { get; }

    public TimeProvider Clock => _clock;

    public static async Task<FakeTelegramServer> StartAsync(TimeProvider clock, string token = DefaultToken)
    {
        var server = new FakeTelegramServer(clock, token);
        (server._app, server.ApiBaseUrl) = await Loopback.StartAsync(server.HandleAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        // Releases hanging requests and long polls first, so stopping does not wait for them.
        await _shutdown.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        _webhookClient.Dispose();
        _shutdown.Dispose();
    }

    // ---- People and groups ----

    /// <summary>A person with a private chat with the bot (chat id = user id).</summary>
    public FakeUser AddUser(string firstName, string? languageCode = "da", string? username = null)
    {
        lock (_gate)
        {
            var user = new FakeUser(this, ++_lastUserId, firstName, languageCode, username);
            _chats[user.Id] = new ChatState(user.Id, ChatTypes.Private, null, user);
            _users.Add(user);
            return user;
        }
    }

    /// <summary>A group with the bot in it; its id is negative, as Telegram's are.</summary>
    public FakeGroup AddGroup(string title)
    {
        lock (_gate)
        {
            var id = -++_lastGroupId;
            var group = new FakeGroup(this, id, title);
            _chats[id] = new ChatState(id, ChatTypes.Group, title, null);
            _groups.Add(group);
            return group;
        }
    }

    public IReadOnlyList<FakeUser> Users
    {
        get { lock (_gate) { return _users.ToArray(); } }
    }

    public IReadOnlyList<FakeGroup> Groups
    {
        get { lock (_gate) { return _groups.ToArray(); } }
    }

    /// <summary>What a chat shows now (messages from both sides, edits applied).</summary>
    public IReadOnlyList<FakeChatMessage> MessagesIn(long chatId)
    {
        lock (_gate)
        {
            return _chats.TryGetValue(chatId, out var chat) ? chat.Messages.Select(m => m.Snapshot(chat)).ToArray() : [];
        }
    }

    // ---- Recording ----

    /// <summary>
    /// Every request, in order of arrival. A getUpdates is listed as soon as it arrives, with status 0 until it
    /// is answered; other calls are listed when answered, after their effect (e.g. on <see cref="SentMessages"/>).
    /// </summary>
    public IReadOnlyList<FakeCall> Calls
    {
        get { lock (_gate) { return _calls.ToArray(); } }
    }

    public IReadOnlyList<FakeCall> CallsTo(string method)
    {
        lock (_gate)
        {
            return _calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase)).ToArray();
        }
    }

    /// <summary>Every successful sendMessage, in order.</summary>
    public IReadOnlyList<FakeSentMessage> SentMessages
    {
        get { lock (_gate) { return _sent.ToArray(); } }
    }

    /// <summary>Every successful sendDocument, in order (the chat shows them too, see <see cref="MessagesIn"/>).</summary>
    public IReadOnlyList<FakeSentDocument> SentDocuments
    {
        get { lock (_gate) { return _documents.ToArray(); } }
    }

    /// <summary>Every successful sendVoice, in order (the chat shows them too, see <see cref="MessagesIn"/>).</summary>
    public IReadOnlyList<FakeSentVoice> SentVoices
    {
        get { lock (_gate) { return _voices.ToArray(); } }
    }

    public IReadOnlyList<FakeCallbackAnswer> CallbackAnswers
    {
        get { lock (_gate) { return _callbackAnswers.ToArray(); } }
    }

    /// <summary>Callback queries nobody has answered yet (Telegram shows a spinner on the button meanwhile).</summary>
    public IReadOnlyList<string> UnansweredCallbackQueries
    {
        get { lock (_gate) { return _openCallbackQueries.Keys.ToArray(); } }
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, checking it again after each recorded call or state
    /// change; throws <see cref="TimeoutException"/> after <paramref name="timeout"/> of real time.
    /// </summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        while (true)
        {
            var signal = _changed.WaitAsync();
            if (condition())
            {
                return;
            }
            try
            {
                await signal.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                if (condition())
                {
                    return;
                }
                throw new TimeoutException($"The fake Telegram server did not reach the expected state within {timeout}.");
            }
        }
    }

    /// <summary>Waits for the bot to send a message matching <paramref name="predicate"/> (or one already sent) and returns it.</summary>
    public async Task<FakeSentMessage> WaitForSentMessageAsync(Func<FakeSentMessage, bool> predicate, TimeSpan timeout, CancellationToken ct = default)
    {
        FakeSentMessage? found = null;
        await WaitUntilAsync(() => (found = SentMessages.FirstOrDefault(predicate)) is not null, timeout, ct);
        return found!;
    }

    // ---- Faults ----

    /// <summary>
    /// Off by default. When on, sendMessage, sendDocument and editMessageText keep Telegram's limits on the
    /// server's clock: 30 per second overall (all three), and for sends 1 per second per private chat and 20 per
    /// minute per group. Edits are not held to the per-chat limits, as Telegram is lenient with them. Excess
    /// requests get 429 with retry_after and are counted in <see cref="RateLimitViolations"/>.
    /// </summary>
    public bool EnforceRateLimits
    {
        get { lock (_gate) { return _enforceRateLimits; } }
        set { lock (_gate) { _enforceRateLimits = value; } }
    }

    /// <summary>How many requests <see cref="EnforceRateLimits"/> refused (scripted 429s do not count).</summary>
    public int RateLimitViolations
    {
        get { lock (_gate) { return _rateLimitViolations; } }
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> fail with a JSON error of this status.</summary>
    public void FailNext(string method, int times, int statusCode = 500) =>
        AddFault(method, times, new Fault(FaultKind.JsonError, statusCode));

    /// <summary>The next calls get a 502 HTML page, as from a proxy in front of Telegram: not JSON, so malformed for a client.</summary>
    public void FailNextWithHtml(string method, int times) => AddFault(method, times, new Fault(FaultKind.Html502, 502));

    /// <summary>The next calls lose their connection without any answer.</summary>
    public void DropNext(string method, int times) => AddFault(method, times, new Fault(FaultKind.Drop, 0));

    /// <summary>The next calls are never answered; the connection is closed only when the client gives up (or the server stops).</summary>
    public void HangNext(string method, int times) => AddFault(method, times, new Fault(FaultKind.Hang, 0));

    /// <summary>The next calls get HTTP 200 with a body that is not JSON.</summary>
    public void MalformedNext(string method, int times) => AddFault(method, times, new Fault(FaultKind.Malformed, 200));

    public void Respond429Next(string method, int times, int retryAfter) =>
        AddFault(method, times, new Fault(FaultKind.JsonError, 429, retryAfter));

    /// <summary>
    /// Until <paramref name="until"/> on the fake clock every call fails, by turns losing its connection and
    /// answering 502 or 503, as when Telegram (or the network to it) is down for a while.
    /// </summary>
    public void OutageUntil(DateTimeOffset until)
    {
        lock (_gate)
        {
            _outageUntil = until;
        }
    }

    private Fault? OutageFault()
    {
        lock (_gate)
        {
            if (_clock.GetUtcNow() >= _outageUntil)
            {
                return null;
            }
            return (_outageCalls++ % 3) switch
            {
                0 => new Fault(FaultKind.Drop, 0),
                1 => new Fault(FaultKind.JsonError, 502),
                _ => new Fault(FaultKind.JsonError, 503),
            };
        }
    }

    /// <summary>
    /// Calls of <paramref name="method"/> wait, unanswered and not yet done, until <see cref="ReleaseCalls"/>: as when
    /// Telegram is slow, so a test can stop or kill the bot while its requests are in flight. A held call whose
    /// client goes away meanwhile is never carried out, as Telegram would not act on a request it never finished reading.
    /// </summary>
    public void HoldCalls(string method)
    {
        lock (_gate)
        {
            _holds.TryAdd(method, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    public void ReleaseCalls(string method)
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            _holds.Remove(method, out hold);
        }
        hold?.TrySetResult();
    }

    /// <summary>How many calls are waiting on <see cref="HoldCalls"/> now.</summary>
    public int HeldCalls => Volatile.Read(ref _heldCalls);

    /// <summary>
    /// Every call waits until <see cref="ReleaseAllCalls"/>, as <see cref="HoldCalls"/> for one method. For a test
    /// whose bot runs in another process on a clock of its own: while both clocks are moved on, no call is answered,
    /// so no call is counted at the server's new time that the bot thinks it made and finished at its old time.
    /// </summary>
    public void HoldAllCalls() => HoldCalls(AllMethods);

    public void ReleaseAllCalls() => ReleaseCalls(AllMethods);

    private const string AllMethods = "*";

    /// <summary>False when the client went away while its call was held.</summary>
    private async Task<bool> WaitWhileHeldAsync(string method, CancellationToken requestAborted)
    {
        Task? hold;
        lock (_gate)
        {
            var holds = new[] { method, AllMethods }.Select(m => _holds.TryGetValue(m, out var source) ? source.Task : null).OfType<Task>().ToList();
            hold = holds.Count == 0 ? null : Task.WhenAll(holds);
        }
        if (hold is null)
        {
            return true;
        }
        Interlocked.Increment(ref _heldCalls);
        _changed.Raise();
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _shutdown.Token);
            await hold.WaitAsync(stop.Token);
            return !requestAborted.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            Interlocked.Decrement(ref _heldCalls);
            _changed.Raise();
        }
    }

    /// <summary>From now on every method aimed at this chat answers 400 "Bad Request: chat not found".</summary>
    public void ChatNotFound(long chatId)
    {
        lock (_gate)
        {
            _missingChats.Add(chatId);
        }
    }

    private void AddFault(string method, int times, Fault fault)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(method, out var queue))
            {
                queue = new Queue<Fault>();
                _faults[method] = queue;
            }
            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(fault);
            }
        }
    }

    private Fault? TakeFault(string method)
    {
        lock (_gate)
        {
            return _faults.TryGetValue(method, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
        }
    }

    // ---- HTTP ----

    private sealed record Reply(int Status, string Body, string ContentType = "application/json");

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var slash = path.IndexOf('/', 1);
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash < 0)
        {
            await WriteAsync(ctx, ErrorReply(404, "Not Found"));
            return;
        }
        var token = path[4..slash];
        var method = CanonicalMethod(path[(slash + 1)..]);

        JsonElement parameters;
        IReadOnlyDictionary<string, FakeUpload> files;
        try
        {
            (parameters, files) = await ReadParametersAsync(ctx.Request, ctx.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or BadHttpRequestException)
        {
            var bad = ErrorReply(400, "Bad Request: can't parse request parameters");
            Record(method, EmptyObject(), bad.Status);
            await WriteAsync(ctx, bad);
            return;
        }

        if (!string.Equals(token, Token, StringComparison.Ordinal))
        {
            var unauthorized = ErrorReply(401, "Unauthorized");
            Record(method, parameters, unauthorized.Status);
            await WriteAsync(ctx, unauthorized);
            return;
        }

        if ((TakeFault(method) ?? OutageFault()) is { } fault)
        {
            await ActOutAsync(ctx, method, parameters, fault);
            return;
        }
        if (!await WaitWhileHeldAsync(method, ctx.RequestAborted))
        {
            ctx.Abort();
            return;
        }

        // A long poll is listed when it arrives, so the order of calls is the order the bot made them; its
        // status is filled in when it is answered.
        var body = (Chunked: ctx.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase),
            Multipart: ctx.Request.HasFormContentType && ctx.Request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase));
        var inProgress = method == "getUpdates" ? Record(method, parameters, 0, body) : -1;
        Reply reply;
        try
        {
            reply = method == "getUpdates"
                ? await GetUpdatesAsync(new RequestArgs(parameters), ctx.RequestAborted)
                : Dispatch(method, new RequestArgs(parameters, files));
        }
        catch (FakeApiError e)
        {
            reply = ErrorReply(e.ErrorCode, e.Message, e.RetryAfter, e.MigrateToChatId);
        }
        if (inProgress >= 0)
        {
            Complete(inProgress, reply.Status);
        }
        else
        {
            Record(method, parameters, reply.Status, body);
        }
        await WriteAsync(ctx, reply);
    }

    private async Task ActOutAsync(HttpContext ctx, string method, JsonElement parameters, Fault fault)
    {
        switch (fault.Kind)
        {
            case FaultKind.Drop:
                Record(method, parameters, 0);
                ctx.Abort();
                return;
            case FaultKind.Hang:
                Record(method, parameters, 0);
                using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, _shutdown.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the server stops; either way no answer is ever written.
                    }
                }
                ctx.Abort();
                return;
            case FaultKind.Html502:
                var html = new Reply(502,
                    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                    "text/html");
                Record(method, parameters, html.Status);
                await WriteAsync(ctx, html);
                return;
            case FaultKind.Malformed:
                Record(method, parameters, 200);
                await WriteAsync(ctx, new Reply(200, "{not json"));
                return;
            default:
                var error = fault.RetryAfter is { } retryAfter
                    ? ErrorReply(429, $"Too Many Requests: retry after {retryAfter}", retryAfter)
                    : ErrorReply(fault.StatusCode, DescriptionFor(fault.StatusCode));
                Record(method, parameters, error.Status);
                await WriteAsync(ctx, error);
                return;
        }
    }

    private static string DescriptionFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests: retry after 1",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };

    private int Record(string method, JsonElement parameters, int status, (bool Chunked, bool Multipart) body = default)
    {
        int index;
        lock (_gate)
        {
            index = _calls.Count;
            _calls.Add(new FakeCall(method, parameters, _clock.GetUtcNow(), status) { ChunkedBody = body.Chunked, Multipart = body.Multipart });
        }
        _changed.Raise();
        return index;
    }

    private void Complete(int index, int status)
    {
        lock (_gate)
        {
            _calls[index] = _calls[index] with { StatusCode = status };
        }
        _changed.Raise();
    }

    private static async Task WriteAsync(HttpContext ctx, Reply reply)
    {
        try
        {
            ctx.Response.StatusCode = reply.Status;
            ctx.Response.ContentType = reply.ContentType;
            await ctx.Response.WriteAsync(reply.Body, ctx.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client is gone (it timed out or was cancelled); nobody to answer.
        }
    }

    /// <summary>
    /// Query string, form fields and a JSON body merged into one JSON object, like Telegram accepts them; the files
    /// of a multipart/form-data body apart, by field name.
    /// </summary>
    private static async Task<(JsonElement Parameters, IReadOnlyDictionary<string, FakeUpload> Files)> ReadParametersAsync(HttpRequest request, CancellationToken ct)
    {
        var files = new Dictionary<string, FakeUpload>(StringComparer.Ordinal);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in request.Query)
            {
                writer.WriteString(key, value.ToString());
            }
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                foreach (var (key, value) in form)
                {
                    writer.WriteString(key, value.ToString());
                }
                foreach (var file in form.Files)
                {
                    using var content = new MemoryStream();
                    await file.CopyToAsync(content, ct);
                    files[file.Name] = new FakeUpload(BotApiFileName(file.ContentDisposition), file.ContentType, content.ToArray());
                }
            }
            else
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body, ct);
                if (body.Length > 0)
                {
                    using var doc = JsonDocument.Parse(body.ToArray());
                    if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException("The body is not a JSON object.");
                    }
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        property.WriteTo(writer);
                    }
                }
            }
            writer.WriteEndObject();
        }
        using var merged = JsonDocument.Parse(buffer.ToArray());
        return (merged.RootElement.Clone(), files);
    }

    /// <summary>
    /// The file name as the Bot API server reads it (tdlib's HttpReader): the raw <c>filename</c> parameter up to the
    /// next ';', quotes stripped, nothing decoded; <c>filename*</c> is ignored. ASP.NET Core's own
    /// <c>IFormFile.FileName</c> prefers <c>filename*</c> and decodes RFC 2047, so it would accept names Telegram shows
    /// garbled.
    /// </summary>
    private static string BotApiFileName(string? contentDisposition)
    {
        foreach (var part in (contentDisposition ?? "").Split(';').Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim() == "filename")
            {
                var value = part[(equals + 1)..].Trim();
                return value.Length > 1 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            }
        }
        return "";
    }

    private static JsonElement EmptyObject()
    {
        using var doc = JsonDocument.Parse("{}");
        return doc.RootElement.Clone();
    }

    private static Reply ErrorReply(int code, string description, int? retryAfter = null, long? migrateToChatId = null)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", false);
            writer.WriteNumber("error_code", code);
            writer.WriteString("description", description);
            if (retryAfter is not null || migrateToChatId is not null)
            {
                writer.WriteStartObject("parameters");
                if (retryAfter is { } seconds)
                {
                    writer.WriteNumber("retry_after", seconds);
                }
                if (migrateToChatId is { } chatId)
                {
                    writer.WriteNumber("migrate_to_chat_id", chatId);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return new Reply(code, Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static Reply OkTrue(string? description = null) =>
        new(200, description is null
            ? """{"ok":true,"result":true}"""
            : $$"""{"ok":true,"result":true,"description":"{{JsonEncodedText.Encode(description)}}"}""");
}

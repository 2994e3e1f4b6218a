using System.Collections.Concurrent;
using System.Text.Json;
using Makker.Conversations;
using Makker.Telegram;
using Makker.Testing.FakeTelegram.Wire;
using Makker.Testing.FakeTelegram;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Benchmarks;

/// <summary>
/// Many people, each following a short script the way a real person would: /start, answer the consent
/// question with its button, then free text, the buttons the replies carry, and now and then /start or /help
/// again. A press carries the payload of a button the bot really sent (read from the outbox), so it takes the
/// engine's real path: token lookup, one winner, the pressed message edited.
/// </summary>
public sealed class SimulatedPeople
{
    private const string Yes = "yes";
    private const string No = "no";

    private readonly FakeTelegramServer _telegram;
    private readonly ConcurrentQueue<Person> _ready = new();
    private readonly Dictionary<string, Person> _byAddress = [];
    private long _nextUpdateId = Random.Shared.Next(100_000, 900_000_000);
    private long _harvestedUpTo;
    // Updates sent per kind: /start, another command, free text, a question's button, a command button.
    private readonly long[] _kinds = new long[5];

    public SimulatedPeople(FakeTelegramServer telegram, int count)
    {
        _telegram = telegram;
        for (var i = 0; i < count; i++)
        {
            // One in ten says no thanks to storing anything; one in five has an English Telegram app.
            var user = telegram.AddUser(FirstNames[i % FirstNames.Length], i % 5 == 0 ? "en" : "da");
            var person = new Person(user, refuses: i % 10 == 7);
            _byAddress[TelegramAddress.Of(user.Id)] = person;
            _ready.Enqueue(person);
        }
    }

    /// <summary>A person with something to do next; people waiting for the bot's question are passed over.</summary>
    public Person? TakeReady()
    {
        // Bounded: at most one pass over the queue, so a caller never spins forever when everyone is waiting.
        for (var tries = _ready.Count; tries > 0 && _ready.TryDequeue(out var person); tries--)
        {
            if (!person.WaitsForQuestion)
            {
                return person;
            }
            _ready.Enqueue(person);
        }
        return null;
    }

    /// <summary>How many people have not yet sent /start and answered the consent question.</summary>
    public int NotOnboarded => _byAddress.Values.Count(p => !p.Onboarded);

    /// <summary>The person's update was answered; they go to the back of the line.</summary>
    public void Return(Person person) => _ready.Enqueue(person);

    /// <summary>The next update of this person, as the JSON Telegram would POST.</summary>
    public byte[] NextUpdate(Person person)
    {
        var updateId = Interlocked.Increment(ref _nextUpdateId);
        var action = person.NextAction();
        Interlocked.Increment(ref _kinds[action switch
        {
            { Text: ['/', 's', 't', 'a', 'r', 't', ..] } => 0,
            { Text: ['/', ..] } => 1,
            { Text: not null } => 2,
            { Payload: ['t', ':', ..] } => 3,
            _ => 4,
        }]);
        var update = action switch
        {
            { Text: { } text } => new Update { UpdateId = updateId, Message = person.Says(text) },
            { Payload: { } payload } => new Update { UpdateId = updateId, CallbackQuery = person.Presses(_telegram.OpenCallbackQuery(person.User), payload) },
            _ => throw new InvalidOperationException("An action is a text or a press."),
        };
        return JsonSerializer.SerializeToUtf8Bytes(update, WireJson.Default.Update);
    }

    /// <summary>How the updates sent so far divide over the kinds of things people do.</summary>
    public string Mix()
    {
        var counts = Enumerable.Range(0, _kinds.Length).Select(i => Interlocked.Read(ref _kinds[i])).ToArray();
        var total = Math.Max(1, counts.Sum());
        string Share(int kind) => Format.N(100.0 * counts[kind] / total) + " %";
        return $"/start {Share(0)}, /help {Share(1)}, free text {Share(2)}, question button {Share(3)}, command button {Share(4)}";
    }

    /// <summary>
    /// Reads the question buttons the bot queued since the last look and hands each person the payload they will
    /// press. On SQLite outbox ids grow in commit order (one writer), so each look reads only rows it has not seen; on
    /// PostgreSQL a turn that took its id earlier can commit later, so each look goes back a window of ids and skips the
    /// rows it already handed out.
    /// </summary>
    public async Task HarvestQuestionsAsync(Func<MakkerDb> db, bool idsCommitInOrder, CancellationToken ct)
    {
        // On PostgreSQL: far more than the ids the turns in flight can hold between them (one update per sender, each
        // writing at most three messages: the default run's 64 senders hold under 200). Every look reads the whole window
        // again on the database server being measured, so it is no wider than that: 2,000 ids took 2.7 ms a look there.
        // A question missed by a far larger run only takes its person out of the run; it never fails an update.
        var window = idsCommitInOrder ? 0L : 512L;
        var seen = new HashSet<long>();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await HarvestOnceAsync(db, seen, window, ct);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                // The database was too busy to answer (a full connection pool under load): look again shortly;
                // the window reads the missed rows then.
            }
            try
            {
                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task HarvestOnceAsync(Func<MakkerDb> db, HashSet<long> seen, long window, CancellationToken ct)
    {
        var from = Math.Max(0, _harvestedUpTo - window);
        await using (var context = db())
        {
            // Read up to the newest row now, and start from there next time: otherwise, once nobody is asked a question
            // any more, every look re-read the whole outbox since the last question, twenty times a second, in the
            // same process as the host being measured.
            var top = await context.Outbox.MaxAsync(o => (long?)o.Id, ct) ?? 0;
            var rows = await context.Outbox.AsNoTracking()
                .Where(o => o.Id > from && o.Id <= top && o.EditsMessageId == null && o.ButtonsJson != null && o.ButtonsJson.Contains("\"t:"))
                .OrderBy(o => o.Id)
                .Select(o => new { o.Id, o.Address, o.ButtonsJson })
                .ToListAsync(ct);
            foreach (var row in rows)
            {
                if (!seen.Add(row.Id))
                {
                    continue;
                }
                _harvestedUpTo = Math.Max(_harvestedUpTo, row.Id);
                if (_byAddress.TryGetValue(row.Address, out var person))
                {
                    var payloads = OutboxButtons.Parse(row.ButtonsJson!).SelectMany(r => r).Select(b => b.Payload).ToList();
                    person.QuestionAsked(payloads);
                }
            }
            _harvestedUpTo = Math.Max(_harvestedUpTo, top);
            seen.RemoveWhere(id => id <= _harvestedUpTo - window);
        }
    }

    private static readonly string[] FirstNames =
        ["Anna", "Bo", "Camilla", "Dorthe", "Emil", "Fatima", "Gustav", "Hanne", "Ib", "Jonas", "Karen", "Lars", "Mette", "Nour", "Ole", "Pia", "Rasmus", "Sofie", "Tariq", "Ulla"];

    private static readonly string[] FreeTexts =
    [
        "Hej! Hvornår er der fællesspisning?",
        "Kan jeg tage min nabo med?",
        "tak",
        "Hello, is there a garden day this week?",
        "Jeg kommer nok lidt senere i dag",
        "👍",
    ];

    public sealed record Action(string? Text = null, string? Payload = null);

    /// <summary>One simulated person; only one update of theirs is ever in flight.</summary>
    public sealed class Person(FakeUser user, bool refuses)
    {
        // After onboarding, people loop over these steps. "?" is the question's button, "*" free text.
        private static readonly string[] ConsentedLoop = ["*", "c:help", "*", "/start", "c:help", "*", "/help", "*"];
        private static readonly string[] RefusedLoop = ["*", "c:start", "?"];

        private readonly Lock _lock = new();
        private IReadOnlyList<string>? _question;
        private bool _waiting;
        private int _step = -1;
        private long _messageId;

        public FakeUser User { get; } = user;

        /// <summary>True between sending what makes the bot ask its question and the question showing up in the outbox.</summary>
        public bool WaitsForQuestion
        {
            get { lock (_lock) { return _waiting && _question is null; } }
        }

        /// <summary>Has sent /start and answered the consent question (yes or no).</summary>
        public bool Onboarded
        {
            get { lock (_lock) { return _step >= 1; } }
        }

        public void QuestionAsked(IReadOnlyList<string> payloads)
        {
            lock (_lock)
            {
                _question = payloads;
            }
        }

        public Action NextAction()
        {
            lock (_lock)
            {
                _step++;
                var script = _step switch
                {
                    0 => "/start",
                    1 => "?",
                    _ => refuses ? RefusedLoop[(_step - 2) % RefusedLoop.Length] : ConsentedLoop[(_step - 2) % ConsentedLoop.Length],
                };
                if (script == "?")
                {
                    var choice = refuses ? No : Yes;
                    var payload = _question?.FirstOrDefault(p => p.EndsWith(":" + choice, StringComparison.Ordinal))
                        ?? throw new InvalidOperationException("A press was scheduled before the question arrived.");
                    _question = null;
                    _waiting = false;
                    return new Action(Payload: payload);
                }
                // /start before consent, and the start button after a refusal, make the bot ask the consent question.
                var asks = _step == 0 || script == "c:start";
                if (asks)
                {
                    _question = null;
                    _waiting = true;
                }
                return script switch
                {
                    "*" => new Action(Text: FreeTexts[Random.Shared.Next(FreeTexts.Length)]),
                    ['c', ':', ..] => new Action(Payload: script),
                    _ => new Action(Text: script),
                };
            }
        }

        public Message Says(string text) => new()
        {
            MessageId = Interlocked.Increment(ref _messageId),
            From = User.ToTelegramUser(),
            Chat = Chat,
            Date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Text = text,
        };

        /// <summary>
        /// The pressed message's Telegram id is not known here (under load the dispatcher is far behind, so it
        /// may not be sent yet); the engine then finds the message through the button's token, as it does for an
        /// old message.
        /// </summary>
        public CallbackQuery Presses(string queryId, string payload) => new()
        {
            Id = queryId,
            From = User.ToTelegramUser(),
            Message = new Message { MessageId = 1, Chat = Chat, Date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Text = "…" },
            Data = payload,
            ChatInstance = "bench",
        };

        private Chat Chat => new() { Id = User.Id, Type = ChatTypes.Private, FirstName = User.FirstName };
    }
}

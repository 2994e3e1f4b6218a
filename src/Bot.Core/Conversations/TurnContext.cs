using System.Globalization;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Conversations;

/// <summary>
/// Everything one turn can see and do. Replies are collected as outbox rows and saved with the state
/// change, never sent from here.
/// </summary>
public sealed class TurnContext
{
    private readonly List<(OutboxMessage Message, ButtonToken? Token)> _outgoing = [];
    private readonly List<TurnContext> _others = [];
    private readonly List<Person> _rolesChanged = [];
    private readonly List<(OutboxMessage Message, string Label)> _readAloudButtons = [];
    private readonly HashSet<long> _named = [];
    private readonly DialogRunner _runner;
    private TurnContext? _parent;

    internal TurnContext(MakkerDb db, IncomingMessage message, Person? person, DialogCatalog catalog,
        DialogRunner runner, ISpeechAvailability speech, TimeZoneInfo timeZone, List<DialogFrame> stack)
    {
        Speech = speech;
        Db = db;
        Message = message;
        Person = person;
        Catalog = catalog;
        TimeZone = timeZone;
        Stack = stack;
        _runner = runner;
        Language = person?.Language ?? Languages.FromHint(message.LanguageHint);
    }

    public MakkerDb Db { get; }
    public ISpeechAvailability Speech { get; }
    public IncomingMessage Message { get; }
    public Person? Person { get; internal set; }
    public DialogCatalog Catalog { get; }
    public TimeZoneInfo TimeZone { get; }
    public string Language { get; set; }
    public DateTimeOffset Now => Message.ReceivedAt;
    public bool Consented => Person?.Consent == ConsentState.Given;

    /// <summary>Shown briefly by the channel for a button press (Telegram's callback answer).</summary>
    public string? ButtonAnswer { get; set; }

    /// <summary>Set once the person asked to be forgotten; nothing more is stored for them this turn.</summary>
    public bool Erased { get; private set; }

    internal List<DialogFrame> Stack { get; }
    internal IReadOnlyList<(OutboxMessage Message, ButtonToken? Token)> Outgoing => _outgoing;

    public DialogFrame? CurrentFrame => Stack.Count > 0 ? Stack[^1] : null;

    /// <summary>The first name to greet with: stored after consent, otherwise what the channel says this turn.</summary>
    public string FirstName => Person?.FirstName ?? Message.FirstName ?? Catalog.Text(TextKeys.NameFallback, Language);

    /// <summary>
    /// How a message from this context calls someone else (their first name). Every message this context writes from
    /// now on records that it names them, so /forget finds it and no one keeps it (a host's briefing, a roster).
    /// </summary>
    public string NameOf(Person person)
    {
        Mentions(person.Id);
        return person.FirstName ?? T(TextKeys.NameFallback);
    }

    /// <summary>Records that the messages this context writes from now on are about this person (see <see cref="NameOf"/>).</summary>
    public void Mentions(long personId)
    {
        if (personId > 0 && personId != Person?.Id)
        {
            _named.Add(personId);
        }
    }

    public string T(string key, IReadOnlyDictionary<string, string>? values = null) => Render(Catalog.Text(key, Language), values);

    public string Render(string template, IReadOnlyDictionary<string, string>? values = null)
    {
        var rightToLeft = LanguageInfo.RightToLeft;
        var text = template.Replace("{firstName}", Isolate(FirstName, rightToLeft), StringComparison.Ordinal);
        if (values is not null)
        {
            foreach (var (k, v) in values)
            {
                text = text.Replace("{" + k + "}", Isolate(v, rightToLeft), StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>First Strong Isolate … Pop Directional Isolate (Unicode bidi, UAX #9).</summary>
    public const char IsolateStart = '\u2068', IsolateEnd = '\u2069';

    /// <summary>
    /// In a right-to-left text, a value put into it keeps its own direction and order: a phone number, a time range, a
    /// Latin name ending in a bracket. Without the isolate, the bidi algorithm lets the Arabic around it reorder the
    /// value's digit groups and move its neutral signs. A value that is already isolated (a composed date) is left so.
    /// </summary>
    private static string Isolate(string value, bool rightToLeft) =>
        !rightToLeft || value.Length == 0 || (value[0] == IsolateStart && value[^1] == IsolateEnd) ? value : IsolateStart + value + IsolateEnd;

    /// <summary>The person's language: its date and time formats, direction and voice.</summary>
    public LanguageInfo LanguageInfo => Languages.Info(Language);

    public CultureInfo Culture => LanguageInfo.CultureInfo;

    /// <summary>A date with its weekday beside it, in the person's language: "torsdag den 10. december", "Thursday 10 December".</summary>
    public string FormatDate(DateTimeOffset when) => FormatDate(TimeZoneInfo.ConvertTime(when, TimeZone).DateTime);

    public string FormatDate(DateTime local) => local.ToString(LanguageInfo.DatePattern, Culture);

    /// <summary>A clock time in the person's language: "17:30", in easy-read Danish "17.30".</summary>
    public string FormatTime(DateTime local) => local.ToString(LanguageInfo.TimePattern, CultureInfo.InvariantCulture);

    public string FormatTime(TimeOnly time) => time.ToString(LanguageInfo.TimePattern, CultureInfo.InvariantCulture);

    public Button CommandButton(string labelKey, string command) =>
        new(T(labelKey), new ButtonPayload.Command(command).ToString());

    /// <summary>Queues a message to this person.</summary>
    public OutboxMessage Send(string text, IReadOnlyList<IReadOnlyList<Button>>? buttons = null) =>
        Queue(text, buttons, editsMessageId: null, token: null);

    /// <summary>Queues a file to this person (a CSV report), with <paramref name="caption"/> as its text.</summary>
    public OutboxMessage SendDocument(string caption, string fileName, string content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        // SQLite would store a longer name anyway; PostgreSQL would refuse the whole turn at save time.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fileName.Length, 100, nameof(fileName));
        var message = Queue(caption, null, editsMessageId: null, token: null);
        message.DocumentName = fileName;
        message.DocumentText = content;
        return message;
    }

    /// <summary>Queues a binary file to this person (a QR code as a PNG), with <paramref name="caption"/> as its text.</summary>
    public OutboxMessage SendFile(string caption, string fileName, byte[] content)
    {
        var message = SendDocument(caption, fileName, "");
        message.DocumentText = null;
        message.DocumentBytes = content;
        return message;
    }

    /// <summary>Queues <paramref name="text"/> read aloud, as a voice message in the voice of <paramref name="language"/> (default: the person's).</summary>
    public OutboxMessage SendVoice(string text, string? language = null)
    {
        var message = Queue(text, null, editsMessageId: null, token: null);
        message.Kind = OutboxKind.Voice;
        message.Language = language ?? Language;
        return message;
    }

    /// <summary>Under this message, a "Read aloud" button (or, for someone who always wants it, its voice message).</summary>
    public void OfferReadAloud(OutboxMessage message) => ReadAloud.Offer(this, message);

    /// <summary>A "Read aloud" button for <paramref name="message"/>, added once it has its id (see <see cref="LinkTokensToMessages"/>).</summary>
    internal void AddReadAloudButton(OutboxMessage message, string label) => _readAloudButtons.Add((message, label));

    /// <summary>Queues this person's command menu (an empty list puts the channel's default menu back).</summary>
    public void SendCommandMenu(IReadOnlyList<MenuEntry> entries) =>
        Queue(CommandMenu.Serialize(entries), null, editsMessageId: null, token: null).Kind = OutboxKind.CommandMenu;

    /// <summary>
    /// Says that this turn gave or took a role (host, coordinator) from <paramref name="person"/>, so what follows from
    /// roles (their command menu) is brought up to date when the turn ends.
    /// </summary>
    public void RolesChanged(Person person)
    {
        if (_parent is not null)
        {
            // Said while writing to someone else in a turn: the turn brings their menu up to date at its end.
            _parent.RolesChanged(person);
            return;
        }
        if (!_rolesChanged.Contains(person))
        {
            _rolesChanged.Add(person);
        }
    }

    /// <summary>The people whose roles this turn changed (see <see cref="RolesChanged"/>).</summary>
    public IReadOnlyList<Person> PeopleWithChangedRoles => _rolesChanged;

    /// <summary>Queues an edit of an earlier message (shows what was chosen; the buttons go away).</summary>
    public void Edit(long messageId, string text, IReadOnlyList<IReadOnlyList<Button>>? buttons = null) =>
        Queue(text, buttons, messageId, token: null);

    /// <summary>Sends a message whose buttons carry a fresh one-off token, so stale or repeated presses are recognised.</summary>
    public OutboxMessage SendChoice(string text, string purpose, string? args, IReadOnlyList<(string Id, string Label)> choices, out string token)
    {
        if (Person is null || Person.Id == 0)
        {
            throw new InvalidOperationException("Choice buttons need a stored person.");
        }
        token = ButtonPayload.NewToken();
        var row = new ButtonToken { Token = token, PersonId = Person.Id, Purpose = purpose, Args = args, CreatedAt = Now };
        Db.ButtonTokens.Add(row);
        return Queue(text, ChoiceRows(token, choices), null, row);
    }

    /// <summary>One button per row for each choice, all carrying the same token (to show the choices again).</summary>
    public static IReadOnlyList<IReadOnlyList<Button>> ChoiceRows(string token, IReadOnlyList<(string Id, string Label)> choices) =>
        choices.Select(c => (IReadOnlyList<Button>)[new Button(c.Label, new ButtonPayload.Choice(token, c.Id).ToString())]).ToList();

    private OutboxMessage Queue(string text, IReadOnlyList<IReadOnlyList<Button>>? buttons, long? editsMessageId, ButtonToken? token)
    {
        var message = new OutboxMessage
        {
            PersonId = Erased ? null : Person?.Id is > 0 ? Person.Id : null,
            Channel = Message.From.Channel,
            Address = Message.From.ExternalId,
            Text = text,
            Language = Language,
            ButtonsJson = OutboxButtons.Serialize(buttons),
            EditsMessageId = editsMessageId,
            // A person we do not keep (erased, or never stored) gets the reply and then it is gone too.
            DeleteWhenSent = Erased || Person is null,
            CreatedAt = Now,
        };
        Db.Outbox.Add(message);
        _outgoing.Add((message, token));
        foreach (var named in _named)
        {
            Db.OutboxMentions.Add(new OutboxMention { Message = message, PersonId = named });
        }
        return message;
    }

    /// <summary>
    /// Shows on a pressed message what was chosen (its buttons go, or are replaced by <paramref name="buttons"/>).
    /// Only the person's own messages are edited.
    /// </summary>
    public async Task ShowChosenAsync(long? messageId, string label, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default)
    {
        if (await OwnMessageAsync(messageId, ct) is { } pressed)
        {
            await EditOwnAsync(pressed, pressed.Text + "\n\n" + T(TextKeys.ButtonChosenMark, new Dictionary<string, string> { ["choice"] = label }), buttons, ct);
        }
    }

    /// <summary>Shows a pressed message as it first was, with these buttons (or none).</summary>
    public async Task RestoreAsync(long? messageId, IReadOnlyList<IReadOnlyList<Button>>? buttons = null, CancellationToken ct = default)
    {
        if (await OwnMessageAsync(messageId, ct) is { } pressed)
        {
            await EditOwnAsync(pressed, pressed.Text, buttons, ct);
        }
    }

    /// <summary>An edit repeats the message's text, so it names whom the message names.</summary>
    private async Task EditOwnAsync(OutboxMessage pressed, string text, IReadOnlyList<IReadOnlyList<Button>>? buttons, CancellationToken ct)
    {
        var edit = Queue(text, buttons, pressed.Id, token: null);
        await NameAsBeforeAsync(edit, pressed.Id, ct);
    }

    /// <summary>
    /// An earlier message of this person's, read aloud now: the voice message says its text in the language it was
    /// written in, so it names whom that message names.
    /// </summary>
    internal async Task ReadAloudAsync(OutboxMessage earlier, CancellationToken ct)
    {
        var voice = SendVoice(earlier.Text, earlier.Language);
        await NameAsBeforeAsync(voice, earlier.Id, ct);
    }

    /// <summary>Records that <paramref name="message"/> names whom the earlier message <paramref name="earlierId"/> names.</summary>
    private async Task NameAsBeforeAsync(OutboxMessage message, long earlierId, CancellationToken ct)
    {
        var named = await Db.OutboxMentions.Where(m => m.MessageId == earlierId).Select(m => m.PersonId).ToListAsync(ct);
        foreach (var id in named.Where(id => !_named.Contains(id)))
        {
            Db.OutboxMentions.Add(new OutboxMention { Message = message, PersonId = id });
        }
    }

    /// <summary>
    /// A press that can no longer do anything (stale, too late, already covered): the pressed message loses its
    /// buttons, and the person is told why, both as the button's short answer and in the chat.
    /// </summary>
    public async Task CloseButtonsAsync(long? messageId, string textKey, CancellationToken ct = default)
    {
        ButtonAnswer = T(textKey);
        await RestoreAsync(messageId, ct: ct);
        Send(ButtonAnswer);
    }

    private async Task<OutboxMessage?> OwnMessageAsync(long? messageId, CancellationToken ct) =>
        messageId is { } id && Person is not null && await Db.Outbox.FindAsync([id], ct) is { } row && row.PersonId == Person.Id ? row : null;

    public Task BeginDialogAsync(string dialogId, IReadOnlyDictionary<string, string>? data = null, CancellationToken ct = default) =>
        _runner.BeginAsync(this, dialogId, data, ct);

    public void ClearDialogs() => Stack.Clear();

    /// <summary>Moves a dialog that waits on code-built buttons on to <paramref name="next"/> (a step, or "end").</summary>
    public Task ContinueDialogAsync(DialogFrame frame, string? next, CancellationToken ct = default) =>
        _runner.ContinueAsync(this, frame, next, ct);

    /// <summary>Asks the open question again with fresh buttons, after something interrupted it.</summary>
    public void RepromptCurrent()
    {
        if (CurrentFrame is { } frame)
        {
            _runner.Reprompt(this, frame);
        }
    }

    /// <summary>
    /// Messages to someone else in the same turn (a buddy, a host): their language and name, the same
    /// outbox and transaction.
    /// </summary>
    public TurnContext ReachOut(Person other, TimeZoneInfo? zone = null)
    {
        var context = new TurnContext(Db, Message with { From = new PersonKey(other.Channel, other.ExternalId), FirstName = null, LanguageHint = null },
            other, Catalog, _runner, Speech, zone ?? TimeZone, []) { _parent = this };
        _others.Add(context);
        return context;
    }

    /// <summary>Whether this turn wrote anything to the outbox, for this person or others.</summary>
    internal bool WroteMessages => _outgoing.Count > 0 || _others.Any(o => o.WroteMessages);

    /// <summary>
    /// Whether a message of this turn that buttons must name (its choices, its Read aloud button) has no id yet, so a save
    /// has to give it one before <see cref="LinkTokensToMessages"/>.
    /// </summary>
    internal bool NeedsMessageIds =>
        _outgoing.Any(o => o.Token is not null && o.Message.Id == 0) || _readAloudButtons.Any(r => r.Message.Id == 0) || _others.Any(o => o.NeedsMessageIds);

    /// <summary>
    /// Once the messages have ids: ties each set of buttons to the message it sits on, and gives each message offered to
    /// be read aloud its button, which names it.
    /// </summary>
    internal void LinkTokensToMessages()
    {
        foreach (var other in _others)
        {
            other.LinkTokensToMessages();
        }
        foreach (var (message, token) in _outgoing)
        {
            if (token is null)
            {
                continue;
            }
            token.MessageId = message.Id;
            foreach (var frame in Stack.Where(f => f.PromptToken == token.Token))
            {
                frame.PromptMessageId = message.Id;
            }
        }
        foreach (var (message, label) in _readAloudButtons)
        {
            ReadAloud.AddButton(message, label);
        }
        _readAloudButtons.Clear();
    }

    /// <summary>Called by the eraser: the replies queued so far went with the person's other data.</summary>
    internal void MarkErased()
    {
        Erased = true;
        Person = null;
        Stack.Clear();
        _outgoing.Clear();
        _readAloudButtons.Clear();
    }
}

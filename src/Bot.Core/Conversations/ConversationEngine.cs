using System.Text.Json;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Conversations;

/// <summary>
/// Runs one turn: one incoming message from one person becomes a state change plus outbox rows, saved in
/// one transaction. Turns of the same person never overlap.
/// </summary>
public sealed class ConversationEngine
{
    /// <summary>Telegram's own limit; a longer text cannot be a real message.</summary>
    public const int MaxIncomingTextLength = 4096;

    // The reads every turn makes, compiled once: a turn holds SQLite's only write lock from its first read to its
    // commit, so LINQ translation and cache lookups repeated per turn would be paid by every turn waiting behind it.
    // Per engine, not static: a compiled query belongs to one model, and each storage provider has its own.
    private readonly Func<MakkerDb, string, CancellationToken, Task<bool>> _receiptExists =
        EF.CompileAsyncQuery((MakkerDb db, string id, CancellationToken _) => db.InboundReceipts.Any(r => r.Id == id));
    // The person and their dialog state in one round trip: on PostgreSQL every round trip of a turn is paid while
    // the database server is the busiest part of the machine.
    private readonly Func<MakkerDb, string, string, CancellationToken, Task<PersonAndState?>> _personByAddress =
        EF.CompileAsyncQuery((MakkerDb db, string channel, string externalId, CancellationToken _) =>
            // A plain left join on the state's key. Written as a FirstOrDefault per person, EF numbered the rows of the
            // whole dialog_states table (ROW_NUMBER over a partition) on every turn, so each turn got slower with every
            // person who had ever talked to the bot (inbound fell from 1,458 to a few hundred updates/s).
            (from p in db.People
             where p.Channel == channel && p.ExternalId == externalId
             join s in db.DialogStates on p.Id equals s.PersonId into states
             from s in states.DefaultIfEmpty()
             select new PersonAndState(p, s))
                .FirstOrDefault());

    private sealed record PersonAndState(Person Person, DialogState? State);

    // A choice pressed in a channel that knows the message only by its own id (Telegram): the outbox row behind it.
    private readonly Func<MakkerDb, string, string, string, CancellationToken, Task<long?>> _outboxIdOf =
        EF.CompileAsyncQuery((MakkerDb db, string channel, string address, string channelMessageId, CancellationToken _) => db.Outbox
            .Where(o => o.Channel == channel && o.Address == address && o.ChannelMessageId == channelMessageId && o.EditsMessageId == null)
            .Select(o => (long?)o.Id)
            .FirstOrDefault());

    private readonly IServiceScopeFactory _scopes;
    private readonly DialogCatalog _catalog;
    private readonly DialogRunner _runner;
    private readonly Dictionary<string, IChatCommand> _commands;
    private readonly Dictionary<string, IButtonHandler> _buttonHandlers;
    private readonly TimeZoneInfo _timeZone;
    private readonly ILogger<ConversationEngine> _log;
    private readonly OutboxSignal _outboxSignal;
    private readonly WriteGate _writeGate;
    private readonly ITurnEnd[] _turnEnds;
    private readonly Makker.Operations.MakkerMetrics _metrics;
    private readonly ISpeechAvailability _speech;
    private readonly Dictionary<string, IPlainReply> _plainReplies;
    private readonly Dictionary<string, string> _plainCommands;
    private readonly FloodGuard _flood;
    private readonly SemaphoreSlim[] _personGates = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public ConversationEngine(IServiceScopeFactory scopes, DialogCatalog catalog, IEnumerable<IDialogActionSource> actionSources,
        IEnumerable<IChatCommand> commands, IEnumerable<IButtonHandler> buttonHandlers, IEnumerable<ITurnEnd> turnEnds,
        IEnumerable<IPlainReply> plainReplies, IEnumerable<PlainCommand> plainCommands, IOptions<BotOptions> options,
        OutboxSignal outboxSignal, WriteGate writeGate, Makker.Operations.MakkerMetrics metrics, ISpeechAvailability speech, FloodGuard flood,
        ILogger<ConversationEngine> log)
    {
        _flood = flood;
        _speech = speech;
        _metrics = metrics;
        _turnEnds = [.. turnEnds];
        _writeGate = writeGate;
        _buttonHandlers = buttonHandlers.ToDictionary(h => h.Purpose);
        _outboxSignal = outboxSignal;
        _scopes = scopes;
        _catalog = catalog;
        _runner = new DialogRunner(catalog, actionSources.SelectMany(s => s.Actions).ToDictionary(a => a.Name));
        _commands = commands.ToDictionary(c => c.Name);
        _plainReplies = plainReplies.ToDictionary(r => r.Intent);
        _plainCommands = plainCommands.ToDictionary(c => c.Intent, c => c.Command);
        foreach (var intent in PlainIntents.All.Where(i => !_plainReplies.ContainsKey(i) && !_plainCommands.ContainsKey(i)))
        {
            throw new InvalidOperationException($"Nothing answers the plain words for '{intent}'; register an IPlainReply or a PlainCommand for it.");
        }
        _timeZone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.DefaultTimeZone);
        _log = log;
    }

    public IReadOnlyCollection<string> CommandNames => _commands.Keys;

    /// <summary>Every command, for the menus and /help.</summary>
    public IReadOnlyCollection<IChatCommand> Commands => _commands.Values;

    public async Task<TurnResult> HandleAsync(IncomingMessage message, CancellationToken ct = default)
    {
        var gate = _personGates[(int)((uint)StringComparer.Ordinal.GetHashCode(message.From.ToString()) % (uint)_personGates.Length)];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        var flood = _flood.Note(message.From);
        await gate.WaitAsync(ct);
        try
        {
            try
            {
                var result = await RunTurnAsync(message, flood, ct);
                outcome = result.AlreadyHandled ? "duplicate" : "handled";
                return result;
            }
            catch (DbUpdateConcurrencyException) when (message.ButtonPayload is not null)
            {
                // Someone else changed what this press was about a moment earlier (the last place on a shift was
                // taken, another instance took the very same press). This turn changed nothing; run it once more
                // on what is there now, so the person gets the answer that fits (covered, already pressed).
                var again = await RunTurnAsync(message, flood, ct);
                outcome = again.AlreadyHandled ? "duplicate" : "handled";
                return again;
            }
        }
        catch (DbUpdateConcurrencyException) when (message.ButtonPayload is not null)
        {
            outcome = "conflict";
            return new TurnResult(_catalog.Text(TextKeys.ButtonAlreadyPressed, Languages.FromHint(message.LanguageHint)));
        }
        catch (DbUpdateException) when (message.ReceiptId is not null)
        {
            if (await ReceiptExistsAsync(message.ReceiptId, ct))
            {
                // The same update was turned into a turn elsewhere at the same moment.
                outcome = "duplicate";
                return new TurnResult(null, AlreadyHandled: true);
            }
            throw;
        }
        finally
        {
            gate.Release();
            _metrics.TurnTook(System.Diagnostics.Stopwatch.GetElapsedTime(started), message.From.Channel, outcome);
        }
    }

    private async Task<TurnResult> RunTurnAsync(IncomingMessage message, FloodVerdict flood, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MakkerDb>();
        // Released after the transaction has ended (disposed in reverse order).
        using var writeTurn = await _writeGate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A failed save abandons the whole turn, so EF's savepoint around each save (two statements) buys nothing.
        db.Database.AutoSavepointsEnabled = false;
        if (message.ReceiptId is { } receipt)
        {
            // Not looked up first: an update seen before fails on this row's key at the first save, the whole turn is
            // rolled back, and HandleAsync answers "already handled". Redeliveries are rare; a look-up per turn is not.
            db.InboundReceipts.Add(new InboundReceipt { Id = receipt, ReceivedAt = message.ReceivedAt });
        }
        var found = await _personByAddress(db, message.From.Channel, message.From.ExternalId, ct);
        var person = found?.Person;
        if (person is { Unreachable: true })
        {
            // Writing to us again means the chat works again (they unblocked the bot).
            person.Unreachable = false;
        }
        var state = found?.State;
        var stack = state is null ? [] : JsonSerializer.Deserialize(state.FramesJson, ConversationJson.Default.ListDialogFrame) ?? [];
        var ctx = new TurnContext(db, message, person, _catalog, _runner, _speech, _timeZone, stack);

        switch (flood)
        {
            case FloodVerdict.SlowDown:
                _log.LogInformation("A {Channel} person sent a flood of messages: one slow-down, then quiet for a while", message.From.Channel);
                ctx.Send(ctx.T(TextKeys.SlowDown));
                break;
            case FloodVerdict.Quiet:
                break;
            case FloodVerdict.Answer when message.ButtonPayload is not null:
                await OnPressAsync(ctx, message.ButtonPayload, ct);
                break;
            default:
                await OnTextAsync(ctx, message.Text, ct);
                break;
        }

        await SaveAsync(ctx, state, ct);
        await tx.CommitAsync(ct);
        if (ctx.WroteMessages)
        {
            _outboxSignal.Pulse();
        }
        return new TurnResult(ctx.ButtonAnswer);
    }

    /// <summary>
    /// A context for messages the bot starts itself (a nudge, a briefing): the same texts, buttons and outbox
    /// as a turn, addressed to a stored person. Save with <see cref="SaveOutreachAsync"/>.
    /// </summary>
    public TurnContext CreateOutreach(MakkerDb db, Person person, DateTimeOffset now, TimeZoneInfo? timeZone = null) =>
        new(db, new IncomingMessage(new PersonKey(person.Channel, person.ExternalId), now), person, _catalog, _runner, _speech, timeZone ?? _timeZone, []);

    /// <summary>Saves outreach messages and their buttons; call <see cref="OutboxSignal.Pulse"/> after the commit.</summary>
    public static async Task SaveOutreachAsync(MakkerDb db, IEnumerable<TurnContext> contexts, CancellationToken ct)
    {
        var list = contexts.ToList();
        await db.SaveChangesAsync(ct);
        foreach (var ctx in list)
        {
            ctx.LinkTokensToMessages();
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Saves what a change made outside a turn wrote (the dashboard, acting for <paramref name="actor"/>), and brings
    /// up to date what follows from roles it changed (command menus), as a turn's end does.
    /// </summary>
    public async Task SaveOutreachTurnAsync(TurnContext actor, CancellationToken ct)
    {
        await actor.Db.SaveChangesAsync(ct);
        foreach (var end in _turnEnds)
        {
            await end.OnTurnEndAsync(actor, ct);
        }
        await SaveOutreachAsync(actor.Db, [actor], ct);
    }

    private async Task<bool> ReceiptExistsAsync(string receipt, CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await _receiptExists(scope.ServiceProvider.GetRequiredService<MakkerDb>(), receipt, ct);
    }

    private async Task OnTextAsync(TurnContext ctx, string? rawText, CancellationToken ct)
    {
        await EnsurePersonAsync(ctx, ct);
        var text = rawText?.Trim() ?? "";
        if (text.Length > MaxIncomingTextLength)
        {
            text = text[..MaxIncomingTextLength];
        }

        if (text.StartsWith('/'))
        {
            await RunCommandAsync(ctx, text, ct);
            return;
        }
        if (ctx.CurrentFrame is { } frame)
        {
            await _runner.OnTextAsync(ctx, frame, text, ct);
            return;
        }
        switch (ctx.Person!.Consent)
        {
            case ConsentState.Unknown:
                // Someone who writes before /start gets the same welcome as /start.
                await ctx.BeginDialogAsync(DialogIds.Onboarding, ct: ct);
                break;
            case ConsentState.Refused:
                SendConsentNeeded(ctx);
                break;
            default:
                await OnPlainWordsAsync(ctx, text, ct);
                break;
        }
    }

    /// <summary>"hvornår?", "jeg kommer", "hjælp": answered as the button or command would be; anything else, kindly.</summary>
    private async Task OnPlainWordsAsync(TurnContext ctx, string text, CancellationToken ct)
    {
        switch (_catalog.Words.Match(text))
        {
            case { } intent when _plainReplies.TryGetValue(intent, out var reply):
                _log.LogDebug("Plain words {Intent} for {Channel} person", intent, ctx.Message.From.Channel);
                await reply.RunAsync(ctx, ct);
                return;
            case { } intent when _plainCommands.TryGetValue(intent, out var command):
                _log.LogDebug("Plain words {Intent} for {Channel} person", intent, ctx.Message.From.Channel);
                await RunCommandAsync(ctx, "/" + command, ct);
                return;
            default:
                ctx.Send(ctx.T(TextKeys.Unknown), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
                return;
        }
    }

    private async Task RunCommandAsync(TurnContext ctx, string text, CancellationToken ct)
    {
        var space = text.IndexOf(' ');
        var word = space < 0 ? text[1..] : text[1..space];
        var args = space < 0 ? "" : text[(space + 1)..].Trim();
        var at = word.IndexOf('@'); // "/start@MakkerBot" in group chats
        var name = (at < 0 ? word : word[..at]).ToLowerInvariant();

        if (!_commands.TryGetValue(name, out var command))
        {
            ctx.Send(ctx.T(TextKeys.UnknownCommand, new Dictionary<string, string> { ["command"] = "/" + Shorten(name) }),
                [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
            if (ctx.CurrentFrame is { } frame)
            {
                _runner.Reprompt(ctx, frame);
            }
            return;
        }
        if (command.PrivateOnly && ctx.Message.InGroup)
        {
            ctx.Send(ctx.T(TextKeys.WritePrivately));
            return;
        }
        if (command.NeedsConsent && !ctx.Consented)
        {
            SendConsentNeeded(ctx);
            return;
        }
        _log.LogDebug("Command {Command} for {Channel} person", name, ctx.Message.From.Channel);
        await command.RunAsync(ctx, args, ct);
    }

    /// <summary>Quotes at most a real command's length (Telegram allows 32), so the reply stays a short line.</summary>
    private static string Shorten(string name)
    {
        const int max = 32;
        if (name.Length <= max)
        {
            return name;
        }
        var cut = char.IsHighSurrogate(name[max - 1]) ? max - 1 : max;
        return name[..cut] + "…";
    }

    private async Task OnPressAsync(TurnContext ctx, string rawPayload, CancellationToken ct)
    {
        switch (ButtonPayload.Parse(rawPayload))
        {
            case ButtonPayload.Command c:
                await OnTextAsync(ctx, "/" + c.Name, ct);
                return;
            case ButtonPayload.Choice choice:
                await OnChoiceAsync(ctx, choice, ct);
                return;
            case ButtonPayload.ReadAloud readAloud:
                await ReadAloud.OnPressAsync(ctx, readAloud.MessageId, ct);
                return;
            default:
                _log.LogInformation("Ignored a malformed button payload from a {Channel} person", ctx.Message.From.Channel);
                await _runner.OnStaleAsync(ctx, null, ct);
                return;
        }
    }

    private async Task OnChoiceAsync(TurnContext ctx, ButtonPayload.Choice choice, CancellationToken ct)
    {
        var token = await ctx.Db.ButtonTokens.FindAsync([choice.Token], ct);
        if (token is null)
        {
            await _runner.OnStaleAsync(ctx, await PressedMessageIdAsync(ctx, ct), ct);
            return;
        }
        if (ctx.Person is null || token.PersonId != ctx.Person.Id)
        {
            ctx.ButtonAnswer = ctx.T(TextKeys.ButtonNotYours);
            return;
        }
        if (token.UsedAt is not null)
        {
            ctx.ButtonAnswer = ctx.T(TextKeys.ButtonAlreadyPressed);
            return;
        }
        // The message pressed, else the one the buttons were sent on (a channel that cannot say which was pressed).
        var pressedId = await PressedMessageIdAsync(ctx, ct) ?? token.MessageId;
        if (_buttonHandlers.TryGetValue(token.Purpose, out var handler))
        {
            await handler.HandleAsync(ctx, token, choice.ChoiceId, pressedId, ct);
            return;
        }
        var frame = ctx.CurrentFrame;
        if (token.Purpose != DialogRunner.Purpose || frame is null || frame.PromptToken != token.Token || token.Args != frame.Id)
        {
            await _runner.OnStaleAsync(ctx, pressedId, ct);
            return;
        }
        await _runner.OnPressAsync(ctx, frame, token, choice.ChoiceId, pressedId, ct);
    }

    /// <summary>
    /// The outbox id of the pressed message: given by the channel, or found by the channel's own message id inside this
    /// turn's transaction (no second connection, and no look-up for presses that do not need it: commands, a press that
    /// is not the person's or was already taken).
    /// </summary>
    private async Task<long?> PressedMessageIdAsync(TurnContext ctx, CancellationToken ct) => ctx.Message switch
    {
        { ButtonMessageId: { } id } => id,
        { ButtonChannelMessageId: { } channelId, From: var from } => await _outboxIdOf(ctx.Db, from.Channel, from.ExternalId, channelId, ct),
        _ => null,
    };

    private static void SendConsentNeeded(TurnContext ctx) =>
        ctx.Send(ctx.T(TextKeys.ConsentNeeded), [[ctx.CommandButton(TextKeys.ButtonStart, "start")]]);

    private static async Task EnsurePersonAsync(TurnContext ctx, CancellationToken ct)
    {
        if (ctx.Person is not null)
        {
            return;
        }
        // Before consent only the channel address is kept: the name and language arrive with every message anyway.
        var person = new Person
        {
            Channel = ctx.Message.From.Channel,
            ExternalId = ctx.Message.From.ExternalId,
            CreatedAt = ctx.Now,
        };
        ctx.Db.People.Add(person);
        await ctx.Db.SaveChangesAsync(ct);
        ctx.Person = person;
    }

    /// <summary>
    /// An ordinary turn saves once. A turn that gave or took a role saves before the turn-end steps, which read roles from
    /// the database; one whose messages carry choices or a Read aloud button saves before they are tied to their messages'
    /// ids. Each save is EF's whole change-detection and batching pipeline, which is most of a turn's time on SQLite.
    /// </summary>
    private async Task SaveAsync(TurnContext ctx, DialogState? state, CancellationToken ct)
    {
        if (ctx.PeopleWithChangedRoles.Count > 0)
        {
            await ctx.Db.SaveChangesAsync(ct);
        }
        foreach (var end in _turnEnds)
        {
            await end.OnTurnEndAsync(ctx, ct);
        }
        if (ctx.Erased || ctx.Person is null)
        {
            await ctx.Db.SaveChangesAsync(ct);
            return;
        }
        if (ctx.NeedsMessageIds)
        {
            await ctx.Db.SaveChangesAsync(ct);
        }
        ctx.LinkTokensToMessages();
        if (ctx.Stack.Count == 0)
        {
            if (state is not null)
            {
                ctx.Db.DialogStates.Remove(state);
            }
        }
        else
        {
            state ??= ctx.Db.DialogStates.Add(new DialogState { PersonId = ctx.Person.Id, FramesJson = "" }).Entity;
            state.FramesJson = JsonSerializer.Serialize(ctx.Stack, ConversationJson.Default.ListDialogFrame);
            state.UpdatedAt = ctx.Now;
        }
        await ctx.Db.SaveChangesAsync(ct);
    }
}

using System.Text;
using System.Text.RegularExpressions;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Demo;
using Makker.Speech;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Channels.WebChat;

public sealed record WebChatPerson(string Key, string FirstName, string Role);

/// <summary>What the page sends: a text, or the press of a button on one of its messages.</summary>
public sealed record WebChatIncoming(string? Text, string? Payload, long? MessageId, string? FirstName, string? Language);

public sealed record WebChatTurn(string? ButtonAnswer);

/// <param name="Document">A file that comes with the message; <paramref name="Text"/> is then its caption.</param>
/// <param name="Lang">The language the text is in, as a web page names it ("da", "ar").</param>
/// <param name="Dir">"rtl" for a language written right to left, else "ltr".</param>
/// <param name="Voice">The message read aloud: the page plays it; <paramref name="Text"/> is then empty.</param>
public sealed record WebChatMessage(long Id, string Text, IReadOnlyList<IReadOnlyList<Button>> Buttons, long? EditsMessageId,
    WebChatDocument? Document = null, string Lang = "da", string Dir = "ltr", WebChatVoice? Voice = null);

/// <param name="Url">Ogg/Opus audio, relative to the page.</param>
public sealed record WebChatVoice(string Url);

/// <param name="Url">Relative to the page, like the API's other addresses.</param>
public sealed record WebChatDocument(string Name, string Url);

public sealed record WebChatError(string Error);

/// <summary>The page's own words in one language, with how the page is written in it.</summary>
public sealed record WebChatPageWords(string Lang, string Dir, IReadOnlyDictionary<string, string> Texts);

/// <summary>What the page offers besides chatting: the demo's invite code, whether the "next step now" button is on, and the token it sends.</summary>
public sealed record WebChatDemo(bool Controls, string InviteCode, string? Token);

/// <summary>
/// The local web chat: a channel like Telegram, with the same turns and the same buttons, polled by a plain
/// HTML page. Messages are marked delivered when the page fetches them.
/// </summary>
public static partial class WebChatEndpoints
{
    public const string Channel = DemoSeeder.Channel;

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app, bool demoControls = false)
    {
        var api = app.MapGroup("/api/webchat");
        api.MapGet("/people", () => DemoSeeder.People.Select(p => new WebChatPerson(p.Key, p.FirstName, p.Role.ToString().ToLowerInvariant())));
        api.MapGet("/demo", () => new WebChatDemo(demoControls, DemoSeeder.DemoInviteCode, demoControls ? DemoControls.PageToken : null));
        api.MapGet("/texts", PageWords);
        api.MapPost("/{who}/messages", SendAsync);
        api.MapGet("/{who}/messages", FetchAsync);
        api.MapGet("/{who}/documents/{id:long}", DownloadAsync);
        api.MapGet("/{who}/voice/{id:long}", VoiceAsync);
        return app;
    }

    /// <summary>The page's own words in the language chosen on it; an unknown code gets Danish, as the bot does.</summary>
    private static WebChatPageWords PageWords(string? language, DialogCatalog dialogs)
    {
        var info = Languages.Info(language);
        var texts = dialogs.Texts.Keys
            .Where(k => k.StartsWith(WebChatPageTexts.Prefix, StringComparison.Ordinal))
            .ToDictionary(k => k, k => dialogs.Text(k, info.Code));
        return new WebChatPageWords(info.HtmlLang, info.RightToLeft ? "rtl" : "ltr", texts);
    }

    private static async Task<IResult> SendAsync(string who, WebChatIncoming? body, ConversationEngine engine, WebChatNames names, TimeProvider clock, CancellationToken ct)
    {
        if (!IsValidKey(who))
        {
            return BadKey();
        }
        if (body is null || (string.IsNullOrWhiteSpace(body.Text) && string.IsNullOrEmpty(body.Payload)))
        {
            return Results.BadRequest(new WebChatError("Send a text or a button payload."));
        }
        var message = new IncomingMessage(new PersonKey(Channel, who), clock.GetUtcNow())
        {
            Text = body.Payload is null ? body.Text : null,
            ButtonPayload = body.Payload,
            ButtonMessageId = body.MessageId,
            FirstName = names.For(who, body.FirstName),
            LanguageHint = body.Language,
        };
        var result = await engine.HandleAsync(message, ct);
        return Results.Ok(new WebChatTurn(result.ButtonAnswer));
    }

    private static async Task<IResult> FetchAsync(string who, long? after, IDbContextFactory<MakkerDb> dbs, TimeProvider clock, CancellationToken ct)
    {
        if (!IsValidKey(who))
        {
            return BadKey();
        }
        var now = clock.GetUtcNow();
        var since = after ?? 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Outbox
            .Where(o => o.Channel == Channel && o.Address == who && o.Id > since)
            .OrderBy(o => o.Id)
            .Take(200)
            .ToListAsync(ct);
        // A message held for later (quiet hours) is not shown before its time, nor anything after it, so the
        // page's "after" marker never skips it.
        var due = rows.TakeWhile(o => o.NotBefore is null || o.NotBefore <= now).ToList();
        await OutboxDelivery.MarkDeliveredAsync(db, due.Select(o => o.Id).ToList(), now, ct);
        return Results.Ok(due.Where(o => o.Kind != OutboxKind.CommandMenu).Select(o =>
        {
            var language = Languages.Info(o.Language);
            var voice = o.Kind == OutboxKind.Voice;
            return new WebChatMessage(o.Id, voice ? "" : o.Text, OutboxButtons.Parse(o.ButtonsJson), o.EditsMessageId,
                o.DocumentName is { } name ? new WebChatDocument(name, $"api/webchat/{who}/documents/{o.Id}") : null,
                language.HtmlLang, language.RightToLeft ? "rtl" : "ltr",
                voice ? new WebChatVoice($"api/webchat/{who}/voice/{o.Id}") : null);
        }));
    }

    /// <summary>A voice message's audio, made (or taken from the cache) when the page asks for it.</summary>
    private static async Task<IResult> VoiceAsync(string who, long id, IDbContextFactory<MakkerDb> dbs, VoiceCache voices, TimeProvider clock, CancellationToken ct)
    {
        if (!IsValidKey(who))
        {
            return BadKey();
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await db.Outbox.AsNoTracking()
            .Where(o => o.Id == id && o.Channel == Channel && o.Address == who && o.Kind == OutboxKind.Voice)
            .Select(o => new { o.Text, o.Language, o.NotBefore })
            .FirstOrDefaultAsync(ct);
        if (row is null || row.NotBefore > clock.GetUtcNow())
        {
            return Results.NotFound(new WebChatError("There is no such voice message in this chat."));
        }
        try
        {
            var clip = await voices.GetAsync(row.Text, row.Language, ct);
            // With ranges a browser finds an Ogg file's length (it reads the last page) and can seek in it.
            return Results.File(clip.Ogg, "audio/ogg", enableRangeProcessing: true);
        }
        catch (SpeechException)
        {
            return Results.Problem("The voice message could not be made here.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> DownloadAsync(string who, long id, IDbContextFactory<MakkerDb> dbs, TimeProvider clock, CancellationToken ct)
    {
        if (!IsValidKey(who))
        {
            return BadKey();
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var file = await db.Outbox.AsNoTracking()
            .Where(o => o.Id == id && o.Channel == Channel && o.Address == who && o.DocumentName != null)
            .Select(o => new { o.DocumentName, o.DocumentText, o.DocumentBytes, o.NotBefore })
            .FirstOrDefaultAsync(ct);
        // Someone else's file answers like no file at all, so a key cannot find out which ids hold one. A file held
        // for later is not there yet, as its message is not.
        if (file?.DocumentName is not { } name || file.NotBefore > clock.GetUtcNow())
        {
            return Results.NotFound(new WebChatError("There is no such file in this chat."));
        }
        if (file.DocumentBytes is { } bytes)
        {
            return Results.File(bytes, name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "application/octet-stream", name);
        }
        var contentType = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
        return Results.File(Encoding.UTF8.GetBytes(file.DocumentText ?? ""), contentType, name);
    }

    private static bool IsValidKey(string who) => KeyPattern().IsMatch(who);

    private static IResult BadKey() => Results.BadRequest(new WebChatError("A chat key is 1-40 lowercase letters, digits or dashes."));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex KeyPattern();
}

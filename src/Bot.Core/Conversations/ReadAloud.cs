using Makker.Storage;
using Microsoft.EntityFrameworkCore;

namespace Makker.Conversations;

/// <summary>Whether texts can be read aloud here (the speech programs are installed and it is not switched off).</summary>
public interface ISpeechAvailability
{
    bool IsAvailable { get; }
}

/// <summary>The texts of reading aloud; start-up checks each is in every language.</summary>
[TextKeySet]
public static class ReadAloudTexts
{
    public const string Button = "button.read_aloud";
    public const string Coming = "read_aloud.coming";
    public const string Unavailable = "read_aloud.unavailable";
}

/// <summary>
/// A message offered to be read aloud carries a "Read aloud" button; pressed, the same text comes as a voice message
/// through the outbox, like any message. Someone who chose "always read aloud" gets the voice message right after the
/// text instead of the button.
/// </summary>
public static class ReadAloud
{
    /// <summary>Under <paramref name="message"/>: the button, or for "always read aloud" its voice message at once.</summary>
    public static void Offer(TurnContext ctx, OutboxMessage message)
    {
        if (!ctx.Speech.IsAvailable || message.Kind != OutboxKind.Message || message.DocumentName is not null || ctx.Erased)
        {
            return;
        }
        if (ctx.Person?.ReadAloud == true)
        {
            // Held as long as its text is (quiet hours), and sent right after it.
            ctx.SendVoice(message.Text).NotBefore = message.NotBefore;
            return;
        }
        // The button names the message by its outbox id, which it has once saved; the turn adds it then.
        ctx.AddReadAloudButton(message, ctx.T(ReadAloudTexts.Button));
    }

    /// <summary>The button under <paramref name="message"/>, now that the message has its id.</summary>
    internal static void AddButton(OutboxMessage message, string label)
    {
        var rows = OutboxButtons.Parse(message.ButtonsJson).ToList();
        rows.Add([new Button(label, new ButtonPayload.ReadAloud(message.Id).ToString())]);
        message.ButtonsJson = OutboxButtons.Serialize(rows);
    }

    /// <summary>The button was pressed: the message it names, read aloud, to the person it was sent to.</summary>
    internal static async Task OnPressAsync(TurnContext ctx, long messageId, CancellationToken ct)
    {
        var pressed = ctx.Person is { Id: > 0 } person
            ? await ctx.Db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == messageId && o.PersonId == person.Id && o.Kind == OutboxKind.Message, ct)
            : null;
        if (pressed is null)
        {
            // Someone else's message, or one since deleted: nothing to read.
            ctx.ButtonAnswer = ctx.T(TextKeys.ButtonExpired);
            return;
        }
        if (!ctx.Speech.IsAvailable)
        {
            ctx.ButtonAnswer = ctx.T(ReadAloudTexts.Unavailable);
            return;
        }
        ctx.ButtonAnswer = ctx.T(ReadAloudTexts.Coming);
        // In the language it was written in, which may not be the person's language now.
        await ctx.ReadAloudAsync(pressed, ct);
    }
}

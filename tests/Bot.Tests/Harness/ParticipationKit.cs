using Makker.Storage;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

/// <summary>Shared times and helpers of the participation tests.</summary>
internal static class ParticipationKit
{
    // The harness clock starts on Tuesday 24 November 2026; the dinner is on Thursdays at 17:30.
    public static readonly DateTimeOffset Wednesday1700 = ParticipationWorld.Local(2026, 11, 25, 17);
    public static readonly DateTimeOffset Thursday1430 = ParticipationWorld.Local(2026, 11, 26, 14, 30);
    public static readonly DateTimeOffset Thursday1730 = ParticipationWorld.Local(2026, 11, 26, 17, 30);

    public static IReadOnlyList<string> Labels(string? buttonsJson) =>
        Replies.ParseButtons(buttonsJson).SelectMany(r => r).Select(b => b.Label).ToList();

    public static async Task<Person> PersonAsync(this ConversationHarness h, string who)
    {
        await using var db = h.Db();
        return await db.People.SingleAsync(p => p.ExternalId == who);
    }

    /// <summary>The buttons a message shows now: those of its newest edit, or its own.</summary>
    public static async Task<IReadOnlyList<string>> ButtonsShownAsync(this ConversationHarness h, long messageId)
    {
        await using var db = h.Db();
        var edit = await db.Outbox.Where(o => o.EditsMessageId == messageId).OrderByDescending(o => o.Id).FirstOrDefaultAsync();
        var json = edit is not null ? edit.ButtonsJson : (await db.Outbox.SingleAsync(o => o.Id == messageId)).ButtonsJson;
        return Labels(json);
    }

    /// <summary>Presses a button as the person sees it now: on the newest message or edit that shows it.</summary>
    public static async Task<Replies> PressShownAsync(this ConversationHarness h, string who, string label)
    {
        List<OutboxMessage> rows;
        await using (var db = h.Db())
        {
            rows = await db.Outbox.Where(o => o.Channel == ConversationHarness.Channel && o.Address == who && o.ButtonsJson != null)
                .OrderByDescending(o => o.Id).ToListAsync();
        }
        foreach (var row in rows)
        {
            if (Replies.ParseButtons(row.ButtonsJson).SelectMany(r => r).FirstOrDefault(b => b.Label == label) is { } button)
            {
                return await h.PressPayload(who, button.Payload, row.EditsMessageId ?? row.Id);
            }
        }
        throw new InvalidOperationException($"Nothing {who} sees has a button '{label}'.");
    }
}

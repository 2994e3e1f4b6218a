using Makker.Conversations;
using Microsoft.EntityFrameworkCore;

namespace Makker.Features.Privacy;

/// <summary>
/// Deletes a person and every row linked to them, including the messages exchanged and every message to someone else
/// that names them (a host's briefing, a roster, a digest), inside the turn's transaction. New tables that hold a
/// person id must cascade from people (a test checks every table).
/// </summary>
public static class PersonEraser
{
    public static async Task EraseAsync(TurnContext ctx, CancellationToken ct)
    {
        var db = ctx.Db;
        var id = ctx.Person!.Id;
        var key = ctx.Message.From;
        db.ChangeTracker.Clear();
        await db.Outbox.Where(o => o.PersonId == id || (o.Channel == key.Channel && o.Address == key.ExternalId)).ExecuteDeleteAsync(ct);
        // Sent or not: a message that names someone who asked to be forgotten is not kept, nor sent, for anyone.
        await db.Outbox.Where(o => db.OutboxMentions.Any(m => m.MessageId == o.Id && m.PersonId == id)).ExecuteDeleteAsync(ct);
        await db.ButtonTokens.Where(t => t.PersonId == id).ExecuteDeleteAsync(ct);
        await db.DialogStates.Where(s => s.PersonId == id).ExecuteDeleteAsync(ct);
        // Their ideas nobody else has seen go; a shared one stays without their name (people's delete sets it to null).
        await Ideas.IdeasEraser.EraseAsync(db, id, ct);
        await db.ActivityMembers.Where(m => m.PersonId == id).ExecuteDeleteAsync(ct);
        await db.CommunityMembers.Where(m => m.PersonId == id).ExecuteDeleteAsync(ct);
        await db.PersonCapabilities.Where(c => c.PersonId == id).ExecuteDeleteAsync(ct);
        await db.People.Where(p => p.Id == id).ExecuteDeleteAsync(ct);
        ctx.MarkErased();
    }
}

using System.Globalization;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Announcements;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Host.Dashboard;

/// <summary>The broadcast composer: the chat's audiences, a preview exactly as sent, and each announcement's delivery report.</summary>
public static class BroadcastPages
{
    private const int MaxLength = 1000;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/c/{id:long}/broadcasts", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var html = new Html().Raw(DashboardAccess.Nav(id, http));
            html.Raw($"<form method=\"post\" action=\"/dashboard/c/{id}/broadcasts/preview\">{DashboardAccess.FormToken(antiforgery, http)}"
                + $"<p><label>Besked<br><textarea name=\"text\" rows=\"5\" cols=\"60\" maxlength=\"{MaxLength}\" required></textarea></label></p>"
                + $"<p><label>Til <select name=\"audience\">{await OptionsAsync(db, community, null, ct)}</select></label></p>"
                + "<p><label><input type=\"checkbox\" name=\"urgent\" value=\"true\"> Send nu, også om natten</label></p>"
                + "<p><button type=\"submit\">Vis, hvordan den ser ud</button></p></form>");
            html.Raw("<h2>Sendte beskeder</h2><table><tr><th>Hvornår (UTC)</th><th>Besked</th><th>Sendt</th><th>Venter</th><th>Kunne ikke nås</th></tr>");
            var broadcasts = await db.Broadcasts.Where(b => b.CommunityId == id && b.ConfirmedAt != null).OrderByDescending(b => b.ConfirmedAt).Take(50).ToListAsync(ct);
            foreach (var b in broadcasts)
            {
                var copies = await db.Outbox.Where(o => o.BroadcastId == b.Id).GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
                int Count(OutboxStatus status) => copies.Where(c => c.Key == status).Sum(c => c.Count);
                html.Raw($"<tr data-broadcast=\"{b.Id}\"><td>{Html.E(b.ConfirmedAt!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))}</td>"
                    + $"<td>{Html.E(b.Text.Length > 60 ? b.Text[..60] + "…" : b.Text)}{(b.CancelledAt is null ? "" : " (stoppet)")}</td>"
                    + $"<td class=\"sent\">{Count(OutboxStatus.Sent)}</td><td class=\"pending\">{Count(OutboxStatus.Pending)}</td>"
                    + $"<td class=\"failed\">{Count(OutboxStatus.Failed) + b.Unreachable}</td></tr>");
            }
            return html.Raw("</table>").Page($"Besked til {community.Name}");
        });

        pages.MapPost("/c/{id:long}/broadcasts/preview", async (long id, [FromForm] string text, [FromForm] string audience, [FromForm] bool? urgent,
            HttpContext http, IDbContextFactory<MakkerDb> dbs, IAntiforgery antiforgery, DialogCatalog catalog, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var draft = await DraftAsync(db, community, text, audience, http, clock.GetUtcNow(), ct);
            if (draft is null)
            {
                return new Html().Raw($"<p>Beskeden skal være 1-{MaxLength} tegn, til en af fællesskabets grupper. Gå tilbage og prøv igen; intet er sendt.</p>")
                    .Page("Ikke sendt", StatusCodes.Status400BadRequest);
            }
            var me = await db.People.FindAsync([DashboardAccess.PersonOf(http)], ct);
            var recipients = (await Audiences.RecipientsAsync(db, draft, ct)).Count(p => !p.Unreachable && p.Id != me!.Id);
            var asSent = AnnounceCommand.Compose(catalog, Languages.Danish, draft.Text, me!.FirstName ?? "", community.Name);
            return new Html().Raw(DashboardAccess.Nav(id, http))
                .Raw($"<p>Sådan ser den ud for de {recipients}, der får den:</p><blockquote id=\"preview\" class=\"preview\">{Html.E(asSent)}</blockquote>")
                .Raw($"<form method=\"post\" action=\"/dashboard/c/{id}/broadcasts\">{DashboardAccess.FormToken(antiforgery, http)}"
                    + $"<input type=\"hidden\" name=\"text\" value=\"{Html.E(draft.Text)}\"><input type=\"hidden\" name=\"audience\" value=\"{Html.E(audience)}\">"
                    + $"<input type=\"hidden\" name=\"urgent\" value=\"{(urgent == true ? "true" : "false")}\"><button type=\"submit\">Send</button></form>"
                    + $"<p><a href=\"/dashboard/c/{id}/broadcasts\">Send ikke</a></p>")
                .Page("Vil du sende den?");
        });

        pages.MapPost("/c/{id:long}/broadcasts", async (long id, [FromForm] string text, [FromForm] string audience, [FromForm] bool? urgent,
            HttpContext http, IDbContextFactory<MakkerDb> dbs, ConversationEngine engine, Nudges nudges, DialogCatalog catalog, OutboxSignal signal,
            IOptions<BotOptions> bot, TimeProvider clock, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var now = clock.GetUtcNow();
            if (await DraftAsync(db, community, text, audience, http, now, ct) is not { } draft)
            {
                return new Html().Raw("<p>Beskeden kunne ikke sendes. Gå tilbage og prøv igen.</p>").Page("Ikke sendt", StatusCodes.Status400BadRequest);
            }
            var me = (await db.People.FindAsync([DashboardAccess.PersonOf(http)], ct))!;
            db.Broadcasts.Add(draft);
            await db.SaveChangesAsync(ct);
            var contexts = new List<TurnContext>();
            var sent = await AnnounceCommand.QueueCopiesAsync(db, nudges, draft, me.Id, urgent == true,
                AnnounceCommand.Compose(catalog, Languages.Danish, draft.Text, me.FirstName ?? "", community.Name), now, bot.Value.DefaultTimeZone,
                (person, zone) =>
                {
                    var ctx = engine.CreateOutreach(db, person, now, zone);
                    contexts.Add(ctx);
                    return ctx;
                }, ct);
            await ConversationEngine.SaveOutreachAsync(db, contexts, ct);
            await tx.CommitAsync(ct);
            signal.Pulse();
            return Results.Redirect($"/dashboard/c/{id}/broadcasts");
        });
    }

    private static async Task<string> OptionsAsync(MakkerDb db, Community community, string? selected, CancellationToken ct)
    {
        var options = new List<(string Value, string Label)> { ("c", $"Alle i {community.Name}") };
        foreach (var a in await db.Activities.Where(a => a.CommunityId == community.Id).OrderBy(a => a.Name).ToListAsync(ct))
        {
            options.Add(($"a{a.Id}", $"Dem, der er med i {a.Name}"));
        }
        options.Add(("v", $"Frivillige i {community.Name}"));
        options.Add(("h", $"Værter i {community.Name}"));
        return string.Concat(options.Select(o => $"<option value=\"{Html.E(o.Value)}\"{(o.Value == selected ? " selected" : "")}>{Html.E(o.Label)}</option>"));
    }

    /// <summary>A broadcast to one of this community's groups, or null when the text or the audience is not acceptable.</summary>
    private static async Task<Broadcast?> DraftAsync(MakkerDb db, Community community, string? text, string? audience, HttpContext http, DateTimeOffset now, CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || string.IsNullOrEmpty(audience))
        {
            return null;
        }
        var draft = new Broadcast { CommunityId = community.Id, CoordinatorPersonId = DashboardAccess.PersonOf(http), Text = text, CreatedAt = now };
        switch (audience[0])
        {
            case 'c' when audience.Length == 1:
                draft.Audience = BroadcastAudience.Community;
                return draft;
            case 'v' when audience.Length == 1:
                draft.Audience = BroadcastAudience.Volunteers;
                return draft;
            case 'h' when audience.Length == 1:
                draft.Audience = BroadcastAudience.Hosts;
                return draft;
            case 'a' when long.TryParse(audience[1..], CultureInfo.InvariantCulture, out var activityId)
                && await db.Activities.AnyAsync(a => a.Id == activityId && a.CommunityId == community.Id, ct):
                (draft.Audience, draft.ActivityId) = (BroadcastAudience.Activity, activityId);
                return draft;
            default:
                return null;
        }
    }
}

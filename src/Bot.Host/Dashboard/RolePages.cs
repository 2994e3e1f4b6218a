using System.Globalization;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Makker.Host.Dashboard;

/// <summary>
/// "Roller": who is a volunteer, a buddy, a host or a coordinator in the community, and who waits for an answer. A
/// coordinator approves or says "not now" to a request, or takes a role away, as with /roles in the chat (the same
/// <see cref="RoleChanges"/>: audited, the person told kindly, their open prompts closed).
/// </summary>
public static class RolePages
{
    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/c/{id:long}/roles", async (long id, HttpContext http, IDbContextFactory<MakkerDb> dbs, IAntiforgery antiforgery, CancellationToken ct) =>
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is not { } community)
            {
                return DashboardAccess.Forbidden();
            }
            var held = await RoleChanges.RolesInAsync(db, DashboardAccess.PersonOf(http), id, ct);
            var ids = held.Select(h => h.PersonId).Distinct().ToList();
            var names = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.FirstName ?? "?", ct);
            var token = DashboardAccess.FormToken(antiforgery, http);
            var html = new Html().Raw(DashboardAccess.Nav(id, http));
            var waiting = held.Where(h => h.Waiting).ToList();
            html.Raw("<h2>Venter på svar</h2>");
            if (waiting.Count == 0)
            {
                html.Raw("<p>Ingen venter på svar.</p>");
            }
            else
            {
                html.Raw("<p class=\"note\">Sig kun ja, hvis I kender personen og er trygge ved, at de er alene med deltagere.</p><table><tr><th>Hvem</th><th>Vil gerne</th><th>Svar</th></tr>");
                foreach (var h in waiting)
                {
                    html.Raw($"<tr data-request=\"{h.PersonId}:{h.Role}\"><td>{Html.E(names[h.PersonId])}</td><td>{Html.E(Label(h))}</td><td>"
                        + $"<form method=\"post\" action=\"/dashboard/c/{id}/roles/decide\">{token}"
                        + $"<input type=\"hidden\" name=\"person\" value=\"{h.PersonId}\"><input type=\"hidden\" name=\"role\" value=\"{Html.E(h.Role)}\">"
                        + "<button type=\"submit\" name=\"answer\" value=\"approve\">Ja, godkend</button> <button type=\"submit\" name=\"answer\" value=\"not_now\">Ikke nu</button></form></td></tr>");
                }
                html.Raw("</table>");
            }
            html.Raw("<h2>Roller</h2><table><tr><th>Hvem</th><th>Rolle</th><th></th></tr>");
            foreach (var h in held.Where(h => !h.Waiting))
            {
                html.Raw($"<tr data-role=\"{h.PersonId}:{h.Role}{(h.ActivityId is { } a ? ":" + a.ToString(CultureInfo.InvariantCulture) : "")}\"><td>{Html.E(names[h.PersonId])}</td><td>{Html.E(Label(h))}</td><td>"
                    + $"<form method=\"post\" action=\"/dashboard/c/{id}/roles/remove\">{token}"
                    + $"<input type=\"hidden\" name=\"person\" value=\"{h.PersonId}\"><input type=\"hidden\" name=\"role\" value=\"{Html.E(h.Role)}\">"
                    + (h.ActivityId is { } activity ? $"<input type=\"hidden\" name=\"activity\" value=\"{activity}\">" : "")
                    + "<button type=\"submit\">Tag rollen</button></form></td></tr>");
            }
            return html.Raw("</table><p class=\"note\">Personen får en venlig besked, når en rolle gives eller tages. Alt står i Ændringer.</p>")
                .Page($"Roller i {community.Name}");
        });

        pages.MapPost("/c/{id:long}/roles/decide", async (long id, [FromForm] long person, [FromForm] string role, [FromForm] string answer,
            HttpContext http, IDbContextFactory<MakkerDb> dbs, RoleChanges changes, ConversationEngine engine, OutboxSignal signal, TimeProvider clock,
            CancellationToken ct) =>
            await ChangeAsync(id, person, http, dbs, engine, signal, clock, async (db, me, who, now, actor) =>
                await changes.DecideAsync(db, me, id, who, role, answer == "approve", now, (p, zone) => actor.ReachOut(p, zone), ct)
                    ? null : "Det ønske er allerede besvaret.", ct));

        pages.MapPost("/c/{id:long}/roles/remove", async (long id, [FromForm] long person, [FromForm] string role, [FromForm] long? activity,
            HttpContext http, IDbContextFactory<MakkerDb> dbs, RoleChanges changes, ConversationEngine engine, OutboxSignal signal, TimeProvider clock,
            CancellationToken ct) =>
            await ChangeAsync(id, person, http, dbs, engine, signal, clock, async (db, me, who, now, actor) =>
                await changes.TakeAwayAsync(db, me, role, id, activity, who, now, (p, zone) => actor.ReachOut(p, zone), ct) switch
                {
                    null => null,
                    CoordinationTexts.LastCoordinator => "Fællesskabet skal have mindst én koordinator. Gør en anden til koordinator først.",
                    _ => "Den rolle er allerede ændret.",
                }, ct));
    }

    /// <summary>One change in one transaction, written as the acting coordinator; a refusal is a page saying why, nothing changed.</summary>
    private static async Task<IResult> ChangeAsync(long id, long personId, HttpContext http, IDbContextFactory<MakkerDb> dbs, ConversationEngine engine,
        OutboxSignal signal, TimeProvider clock, Func<MakkerDb, Person, Person, DateTimeOffset, TurnContext, Task<string?>> change, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await DashboardAccess.CommunityOfAsync(db, http, id, ct) is null
            || await db.People.FindAsync([DashboardAccess.PersonOf(http)], ct) is not { } me
            || await db.People.FindAsync([personId], ct) is not { } person)
        {
            return DashboardAccess.Forbidden();
        }
        var now = clock.GetUtcNow();
        var actor = engine.CreateOutreach(db, me, now);
        if (await change(db, me, person, now, actor) is { } refusal)
        {
            return new Html().Raw(DashboardAccess.Nav(id, http)).Raw($"<p>{Html.E(refusal)} Intet er ændret.</p>").Page("Ikke ændret", StatusCodes.Status409Conflict);
        }
        await engine.SaveOutreachTurnAsync(actor, ct);
        await tx.CommitAsync(ct);
        signal.Pulse();
        return Results.Redirect($"/dashboard/c/{id}/roles");
    }

    private static string Label(HeldRole h) => h.Role switch
    {
        RoleNames.Volunteer => "frivillig",
        RoleNames.Buddy => "følgeskab",
        RoleNames.Host => $"vært for {h.ActivityName}",
        _ => "koordinator",
    };
}

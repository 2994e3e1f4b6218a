using System.Security.Cryptography;
using System.Text;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Dashboard;

public enum LoginRefusal
{
    Unknown,
    Used,
    Expired,
}

/// <param name="SessionStamp">The person's session stamp now: the session carries it, and ends when it changes.</param>
public sealed record LoginResult(long? PersonId, LoginRefusal? Refusal, int SessionStamp = 0, string? Language = null);

/// <summary>
/// /dashboard: a coordinator gets a link that logs them in once, within minutes, and only them. Only a hash of
/// the link's token is stored, so the database alone does not open the dashboard.
/// </summary>
public sealed class DashboardLogins(IDbContextFactory<MakkerDb> dbs, Operators operators, IOptions<DashboardOptions> options) : IChatCommand
{
    public string Name => "dashboard";
    public CommandAudience Audience => CommandAudience.Coordinator;
    public int? MenuOrder => 82;
    public bool NeedsConsent => true;

    public async Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
    {
        if (!operators.Is(ctx.Person!) && !await ctx.Db.CommunityMembers.AnyAsync(m => m.PersonId == ctx.Person!.Id && m.IsCoordinator, ct))
        {
            ctx.Send(ctx.T(DashboardTexts.NotCoordinator));
            ctx.RepromptCurrent();
            return;
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        ctx.Db.DashboardLogins.Add(new DashboardLogin
        {
            TokenHash = Hash(token),
            PersonId = ctx.Person!.Id,
            CreatedAt = ctx.Now,
            ExpiresAt = ctx.Now.AddMinutes(options.Value.LoginLinkMinutes),
        });
        var message = ctx.Send(ctx.T(DashboardTexts.Link, new Dictionary<string, string>
        {
            ["link"] = options.Value.Link(DashboardUrls.Login + "?token=" + token),
            ["minutes"] = options.Value.LoginLinkMinutes.ToString(ctx.Culture),
        }));
        // Only the person's chat keeps the link; once it is delivered the outbox keeps a marker, never the token.
        message.TextWhenSent = ctx.T(DashboardTexts.LinkSent);
        ctx.RepromptCurrent();
    }

    /// <summary>Whether a link would still work, without using it (opening the link only shows a button); null when it would.</summary>
    public async Task<LoginRefusal?> CheckAsync(string? token, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await FindAsync(db, token, now, ct)).Refusal;
    }

    /// <summary>Uses a link: the person it was made for, or why not.</summary>
    public async Task<LoginResult> RedeemAsync(string? token, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (login, refusal) = await FindAsync(db, token, now, ct);
        if (login is null)
        {
            return new LoginResult(null, refusal);
        }
        login.UsedAt = now;
        Audit.Add(db, login.PersonId, null, "login", null, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new LoginResult(null, LoginRefusal.Used);
        }
        var person = await db.People.Where(p => p.Id == login.PersonId).Select(p => new { p.SessionStamp, p.Language }).FirstAsync(ct);
        return new LoginResult(login.PersonId, null, person.SessionStamp, person.Language);
    }

    private static async Task<(DashboardLogin? Login, LoginRefusal? Refusal)> FindAsync(MakkerDb db, string? token, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || await db.DashboardLogins.FindAsync([Hash(token)], ct) is not { } login)
        {
            return (null, LoginRefusal.Unknown);
        }
        if (login.UsedAt is not null)
        {
            return (null, LoginRefusal.Used);
        }
        return now >= login.ExpiresAt ? (null, LoginRefusal.Expired) : (login, null);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

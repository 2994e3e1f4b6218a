using System.Security.Cryptography;
using System.Text;
using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Makker.Features.Coordination;

/// <summary>
/// The very first coordinator, when configuration names none: on start, while nobody could set anything up, the
/// host writes a one-time code to its log; whoever sends /start setup-&lt;code&gt; may create communities. A code works
/// for 24 hours (a restart after that logs a new one), and an unused one is deleted as soon as someone can set up.
/// </summary>
public sealed class SetupCodes(IDbContextFactory<MakkerDb> dbs, Coordinators coordinators, TimeProvider clock, ILogger<SetupCodes> log)
    : IStartPayloadHandler
{
    public const string Prefix = "setup-";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int Length = 12;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Issues and logs a fresh code if nobody can set up yet; returns it (for tests), or null when not needed.</summary>
    public async Task<string?> IssueIfNeededAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Only the newest log line works: a code from an earlier start may sit in an old log someone else can read.
        await db.SetupCodes.Where(c => c.RedeemedAt == null).ExecuteDeleteAsync(ct);
        if (await coordinators.AnyoneCanSetUpAsync(db, ct))
        {
            return null;
        }
        var code = RandomNumberGenerator.GetString(Alphabet, Length);
        db.SetupCodes.Add(new SetupCode { CodeHash = Hash(code), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        log.LogWarning("Send /start setup-{Code} to the bot to become the first coordinator", code);
        return code;
    }

    public async Task<bool> TryHandleAsync(TurnContext ctx, string payload, CancellationToken ct)
    {
        if (!payload.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var code = payload[Prefix.Length..].Trim();
        var hash = Hash(code);
        var row = code.Length == Length ? await ctx.Db.SetupCodes.FirstOrDefaultAsync(c => c.CodeHash == hash && c.RedeemedAt == null, ct) : null;
        if (row is null || row.CreatedAt + Lifetime <= ctx.Now)
        {
            ctx.Send(ctx.T(CoordinationTexts.SetupWrong));
            return true;
        }
        row.RedeemedAt = ctx.Now;
        // Someone can set up now: no other code is needed, so none is left lying in a log.
        await ctx.Db.SetupCodes.Where(c => c.RedeemedAt == null && c.Id != row.Id).ExecuteDeleteAsync(ct);
        var me = ctx.Person!;
        if (!await ctx.Db.PersonCapabilities.AnyAsync(c => c.PersonId == me.Id && c.Capability == Capabilities.CreateCommunities, ct))
        {
            ctx.Db.PersonCapabilities.Add(new PersonCapability { PersonId = me.Id, Capability = Capabilities.CreateCommunities, GrantedAt = ctx.Now });
            ctx.RolesChanged(me);
        }
        ctx.Send(ctx.T(CoordinationTexts.SetupDone));
        return true;
    }

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}

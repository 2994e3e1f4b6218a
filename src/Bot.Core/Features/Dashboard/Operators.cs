using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Dashboard;

/// <summary>
/// The people who run the bot (<see cref="BotOptions.Operators"/>, Telegram user ids): they may open the scheduler's
/// dashboard, and get a dashboard login link for it even when they coordinate no community.
/// </summary>
public sealed class Operators(IDbContextFactory<MakkerDb> dbs, IOptions<BotOptions> options)
{
    public bool MayRetry => options.Value.OperatorsMayRetry;

    public bool Is(Person person) =>
        person.Channel == Coordinators.TelegramChannel && options.Value.Operators.Contains(person.ExternalId, StringComparer.Ordinal);

    public async Task<bool> IsAsync(long personId, CancellationToken ct)
    {
        if (options.Value.Operators.Length == 0)
        {
            return false;
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.People.FindAsync([personId], ct) is { } person && Is(person);
    }
}

using System.Collections.Concurrent;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Receiving;

/// <summary>
/// The group chats the bot talks in: the hosts' groups listed in <see cref="TelegramOptions.HostGroupChatIds"/>, and
/// what became of them. When Telegram turns a group into a supergroup, the group gets a new chat id; the bot carries
/// the group's conversation (its person row and its waiting messages) over to the new id, and knows the new id as
/// one of its groups from then on, on every instance and after a restart, without a change to the settings.
/// </summary>
public sealed class HostGroups(IOptions<TelegramOptions> options, IDbContextFactory<MakkerDb> dbs, TimeProvider clock, ILogger<HostGroups> log)
{
    private static readonly TimeSpan ForgetUnknownAfter = TimeSpan.FromMinutes(1);

    private readonly HashSet<long> _configured = [.. options.Value.HostGroupChatIds];

    // A group found in the database stays known; an unknown one is asked about again after a minute, because another
    // instance may have carried a migrated group over meanwhile.
    private readonly ConcurrentDictionary<long, DateTimeOffset> _known = new();
    private readonly ConcurrentDictionary<long, DateTimeOffset> _unknownUntil = new();

    public async ValueTask<bool> IsOursAsync(long chatId, CancellationToken ct)
    {
        if (_configured.Contains(chatId) || _known.ContainsKey(chatId))
        {
            return true;
        }
        var now = clock.GetUtcNow();
        if (_unknownUntil.TryGetValue(chatId, out var until) && now < until)
        {
            return false;
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var address = TelegramAddress.Of(chatId);
        // Only a group that was ours ever gets a row: a migrated one (below), or a listed one that wrote to the bot.
        if (await db.People.AnyAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == address && p.PreviousAddress != null, ct))
        {
            _known[chatId] = now;
            return true;
        }
        _unknownUntil[chatId] = now + ForgetUnknownAfter;
        return false;
    }

    /// <summary>
    /// The group <paramref name="from"/> is now the supergroup <paramref name="to"/>. Idempotent: Telegram tells it
    /// twice (a service message in each chat), and a send to the old id tells it again.
    /// </summary>
    public async Task MigrateAsync(long from, long to, CancellationToken ct)
    {
        if (!await IsOursAsync(from, ct) || from == to)
        {
            return;
        }
        var oldAddress = TelegramAddress.Of(from);
        var newAddress = TelegramAddress.Of(to);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var group = await db.People.FirstOrDefaultAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == oldAddress, ct);
        var already = await db.People.FirstOrDefaultAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == newAddress, ct);
        if (already is null)
        {
            if (group is null)
            {
                // A listed group that never wrote: a row for the new id is all the bot needs to know it as its own.
                db.People.Add(new Person { Channel = TelegramAddress.Channel, ExternalId = newAddress, PreviousAddress = oldAddress, CreatedAt = clock.GetUtcNow() });
            }
            else
            {
                group.ExternalId = newAddress;
                group.PreviousAddress = oldAddress;
                group.Unreachable = false;
            }
            await db.SaveChangesAsync(ct);
        }
        // Messages not yet sent follow the group to its new chat.
        await db.Outbox.Where(o => o.Channel == TelegramAddress.Channel && o.Address == oldAddress && o.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Address, newAddress), ct);
        await tx.CommitAsync(ct);
        _known[to] = clock.GetUtcNow();
        log.LogInformation("A hosts' group became a supergroup; its conversation moved to the new chat id {ChatId}", to);
    }
}

using Makker.Conversations;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Conversations;

/// <summary>What a channel relies on when updates arrive twice, at once, or after a silence.</summary>
public class EngineReliabilityTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync() => _h = await ConversationHarness.StartAsync(Provider);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [SkippableFact]
    public async Task The_same_update_delivered_twice_gets_one_reply()
    {
        var message = _h.Text("anna", "/start") with { ReceiptId = "test:1001" };

        var first = await _h.Engine.HandleAsync(message);
        var outboxAfterFirst = await CountOutboxAsync();
        var second = await _h.Engine.HandleAsync(message);

        Assert.False(first.AlreadyHandled);
        Assert.True(second.AlreadyHandled);
        Assert.Equal(outboxAfterFirst, await CountOutboxAsync());
        Assert.True(outboxAfterFirst > 0);
    }

    [SkippableFact]
    public async Task The_same_update_arriving_at_the_same_moment_twice_gets_one_reply()
    {
        var message = _h.Text("anna", "/start") with { ReceiptId = "test:1002" };

        var results = await Task.WhenAll(_h.Engine.HandleAsync(message), _h.Engine.HandleAsync(message));

        Assert.Single(results, r => r.AlreadyHandled);
        await using var db = _h.Db();
        Assert.Equal(2, await db.Outbox.CountAsync()); // the welcome and the consent question, once
    }

    [SkippableFact]
    public async Task Two_instances_taking_the_same_update_reply_once()
    {
        await using var other = _h.StartOtherInstance();
        var message = _h.Text("karim", "/start") with { ReceiptId = "test:1003" };

        var results = await Task.WhenAll(
            _h.Engine.HandleAsync(message),
            other.GetRequiredService<ConversationEngine>().HandleAsync(message));

        Assert.Single(results, r => r.AlreadyHandled);
        await using var db = _h.Db();
        Assert.Equal(2, await db.Outbox.CountAsync());
    }

    [SkippableFact]
    public async Task Two_instances_taking_the_same_press_let_it_count_once()
    {
        await _h.ConsentAsync("anna");
        await _h.Send("anna", "/pause");
        var (messageId, oneWeek) = await _h.FindButtonAsync("anna", "1 uge");
        await using var other = _h.StartOtherInstance();
        var press = new IncomingMessage(ConversationHarness.Key("anna"), _h.Clock.GetUtcNow())
        {
            ButtonPayload = oneWeek.Payload,
            ButtonMessageId = messageId,
            LanguageHint = "da",
        };
        long before;
        await using (var db = _h.Db())
        {
            before = await db.Outbox.MaxAsync(o => o.Id);
        }

        var results = await Task.WhenAll(
            _h.Engine.HandleAsync(press),
            other.GetRequiredService<ConversationEngine>().HandleAsync(press));

        Assert.Single(results, r => r.ButtonAnswer is null);
        await using var after = _h.Db();
        var replies = await after.Outbox.Where(o => o.Id > before && o.EditsMessageId == null).ToListAsync();
        Assert.Single(replies);
    }

    [SkippableFact]
    public async Task Someone_marked_unreachable_is_reachable_again_when_they_write()
    {
        await _h.ConsentAsync("anna");
        await using (var db = _h.Db())
        {
            await db.People.Where(p => p.ExternalId == "anna").ExecuteUpdateAsync(s => s.SetProperty(p => p.Unreachable, true));
        }

        await _h.Send("anna", "/help");

        await using var check = _h.Db();
        Assert.False((await check.People.SingleAsync(p => p.ExternalId == "anna")).Unreachable);
    }

    [SkippableFact]
    public async Task A_question_whose_step_was_removed_from_the_dialog_files_is_closed_with_a_kind_line()
    {
        await _h.Send("anna", "/start");
        await using (var db = _h.Db())
        {
            var state = await db.DialogStates.SingleAsync();
            state.FramesJson = state.FramesJson.Replace("\"consent\"", "\"a_step_that_was_removed\"", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        var replies = await _h.Send("anna", "hej");

        Assert.Equal(T(TextKeys.DialogGone), replies.Last);
        Assert.Contains(T(TextKeys.ButtonHelp), replies.ButtonLabels);
        await using var check = _h.Db();
        Assert.False(await check.DialogStates.AnyAsync());
    }

    private string T(string key) => _h.T(key);

    private async Task<int> CountOutboxAsync()
    {
        await using var db = _h.Db();
        return await db.Outbox.CountAsync();
    }
}

public sealed class EngineReliabilityTestsOnPostgres : EngineReliabilityTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

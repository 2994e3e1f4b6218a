using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Storage;

/// <summary>
/// A turn on SQLite reads beside other writers and waits for the write gate only at its first write; everything it
/// writes from there, through SaveChanges or ExecuteUpdate, is one transaction that commits or rolls back whole.
/// </summary>
public sealed class WritesOnDemandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("makker-writes-").FullName;
    private ServiceProvider _storage = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _folder })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerStorage(configuration, _folder);
        _storage = services.BuildServiceProvider();
        await _storage.MigrateMakkerDbAsync();
        await using var db = await NewDbAsync();
        db.People.Add(new Person { Channel = "test", ExternalId = "anna", FirstName = "Anna", CreatedAt = Now });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<MakkerDb> NewDbAsync() => _storage.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContextAsync();

    private WriteGate Gate => _storage.GetRequiredService<WriteGate>();

    [Fact]
    public async Task A_turn_reads_while_another_holds_the_gate_and_waits_for_it_at_its_first_write()
    {
        await using var db = await NewDbAsync();
        var other = await Gate.EnterAsync(CancellationToken.None);
        var turn = Task.Run(async () =>
        {
            await using var writes = await WritesOnDemand.StartAsync(db, Gate, CancellationToken.None);
            var anna = await db.People.SingleAsync(p => p.ExternalId == "anna");
            Assert.False(writes.Begun);
            anna.FirstName = "Anne";
            await db.SaveChangesAsync();
            Assert.True(writes.Begun);
            await writes.CommitAsync(CancellationToken.None);
        });

        // The read went through although the gate is taken; the save waits for it.
        await Task.Delay(200);
        Assert.False(turn.IsCompleted);
        other.Dispose();
        await turn.WaitAsync(TimeSpan.FromSeconds(10));

        await using var check = await NewDbAsync();
        Assert.Equal("Anne", (await check.People.SingleAsync(p => p.ExternalId == "anna")).FirstName);
    }

    [Fact]
    public async Task What_a_turn_wrote_without_SaveChanges_is_rolled_back_with_it()
    {
        await using (var db = await NewDbAsync())
        {
            await using var writes = await WritesOnDemand.StartAsync(db, Gate, CancellationToken.None);
            // A bulk update outside the change tracker begins the turn's transaction too.
            await db.People.Where(p => p.ExternalId == "anna").ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, "Anne"),
                CancellationToken.None);
            Assert.True(writes.Begun);
            db.People.Add(new Person { Channel = "test", ExternalId = "bo", CreatedAt = Now });
            await db.SaveChangesAsync(CancellationToken.None);
            // No commit: the turn failed somewhere after its writes.
        }

        await using var check = await NewDbAsync();
        Assert.Equal("Anna", (await check.People.SingleAsync(p => p.ExternalId == "anna")).FirstName);
        Assert.False(await check.People.AnyAsync(p => p.ExternalId == "bo"));
        // The gate is free again for the next writer.
        using var next = await Gate.EnterAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_turn_that_only_reads_never_takes_the_gate()
    {
        using var other = await Gate.EnterAsync(CancellationToken.None);
        await using var db = await NewDbAsync();
        await using (var writes = await WritesOnDemand.StartAsync(db, Gate, CancellationToken.None))
        {
            Assert.Equal(1, await db.People.CountAsync(CancellationToken.None));
            await writes.CommitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            Assert.False(writes.Begun);
        }
        // The pooled context goes back without the turn attached: its next user saves without a gate of ours.
        Assert.Null(db.WritesOnDemand);
    }
}

using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Storage;

/// <summary>A lease has one holder at a time; it passes on when it runs out or is let go.</summary>
public class LeaseTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task One_holder_at_a_time_and_the_next_takes_over_when_it_runs_out_or_is_let_go()
    {
        await using var h = await ConversationHarness.StartAsync(Provider);
        var leases = h.Services.GetRequiredService<Leases>();
        var now = h.Clock.GetUtcNow();
        var ttl = TimeSpan.FromSeconds(15);

        Assert.Equal(new LeaseGrant(true), await leases.HoldAsync("work", "a", now, ttl, CancellationToken.None));
        Assert.Equal(new LeaseGrant(false), await leases.HoldAsync("work", "b", now.AddSeconds(5), ttl, CancellationToken.None));
        Assert.Equal(new LeaseGrant(true), await leases.HoldAsync("work", "a", now.AddSeconds(10), ttl, CancellationToken.None)); // renewed to 25 s
        Assert.Equal(new LeaseGrant(false), await leases.HoldAsync("work", "b", now.AddSeconds(20), ttl, CancellationToken.None));
        // Ran out: b takes over and learns until when a held it.
        Assert.Equal(new LeaseGrant(true, now.AddSeconds(25)), await leases.HoldAsync("work", "b", now.AddSeconds(26), ttl, CancellationToken.None));
        Assert.Equal(new LeaseGrant(false), await leases.HoldAsync("work", "a", now.AddSeconds(27), ttl, CancellationToken.None));

        await leases.ReleaseAsync("work", "b", now.AddSeconds(28), CancellationToken.None);
        Assert.Equal(new LeaseGrant(true, now.AddSeconds(28)), await leases.HoldAsync("work", "a", now.AddSeconds(29), ttl, CancellationToken.None));
    }
}

public sealed class LeaseTestsOnPostgres : LeaseTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Makker.Storage;

namespace Makker.Tests.Features;

/// <summary>The demo community is set up like any other: in the time zone the operator chose.</summary>
public class DemoTests
{
    [Theory]
    [InlineData("Europe/Copenhagen")]
    [InlineData("Europe/London")]
    public async Task The_demo_community_follows_the_default_time_zone(string zone)
    {
        await using var h = await ConversationHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Bot:SeedDemo"] = "true",
            ["Bot:DefaultTimeZone"] = zone,
        });

        await using var db = await h.Services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContextAsync();
        var community = await db.Communities.SingleAsync();
        Assert.Equal(zone, community.TimeZone);
    }
}

using Makker.Features.Participation;
using Makker.Storage;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;

namespace Makker.Tests.Features.Participation;

public sealed class NudgeTests : IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;

    // The harness clock starts on Tuesday 24 November 2026; the dinner is on Thursdays at 17:30.
    private static readonly DateTimeOffset Wednesday1700 = ParticipationWorld.Local(2026, 11, 25, 17);
    private static readonly DateTimeOffset Thursday1430 = ParticipationWorld.Local(2026, 11, 26, 14, 30);
    private static readonly DateTimeOffset Thursday1730 = ParticipationWorld.Local(2026, 11, 26, 17, 30);

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync();
        _w = await ParticipationWorld.CreateAsync(_h);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task The_first_nudge_comes_the_day_before_at_17_with_three_buttons()
    {
        await _w.JoinAsync("anna");

        await _w.RunUntilAsync(Wednesday1700.AddMinutes(-1));
        Assert.Null(await _w.LastNudgeAsync("anna"));
        await _w.RunUntilAsync(Wednesday1700);

        var nudge = await _w.LastNudgeAsync("anna");
        Assert.NotNull(nudge);
        Assert.Equal("Hej Anna! Der er Torsdagsmiddag i morgen kl. 17:30 i Fælleshuset. Kommer du?", nudge.Text);
        Assert.Equal(Wednesday1700, nudge.CreatedAt);
        Assert.Null(nudge.NotBefore);
        Assert.Equal(["Jeg kommer", "Ikke i dag", "Følges med nogen"], Replies.ParseButtons(nudge.ButtonsJson).SelectMany(r => r).Select(b => b.Label));
    }
}

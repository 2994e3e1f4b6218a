using Makker.Conversations;
using Makker.Tests.Harness;

namespace Makker.Tests.Conversations;

/// <summary>
/// A flood from one person (30 messages in a minute, a script or a stuck key) gets one gentle "slow down" and then no
/// replies for a while; everyone else is answered as before, and after the quiet time the person is too.
/// </summary>
public sealed class FloodTests : IAsyncLifetime
{
    private ConversationHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync();
        await _h.ConsentAsync("anna");
        await _h.ConsentAsync("bo");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Thirty_messages_in_a_minute_get_one_slow_down_then_quiet_and_nobody_else_notices()
    {
        var help = _h.T(TextKeys.Help);
        var slowDown = _h.T(TextKeys.SlowDown);
        _h.Clock.Advance(TimeSpan.FromMinutes(5)); // the consent turns are long past

        // 29 in 58 seconds are answered, each of them.
        for (var i = 0; i < 29; i++)
        {
            Assert.StartsWith(help, (await _h.Send("anna", "/help")).Texts[0], StringComparison.Ordinal);
            _h.Clock.Advance(TimeSpan.FromSeconds(2));
        }
        // The 30th within the minute: one gentle line, nothing else.
        Assert.Equal([slowDown], (await _h.Send("anna", "/help")).Texts);

        // Then nothing at all, however much more comes, also a button's press; Bo is answered meanwhile.
        for (var i = 0; i < 20; i++)
        {
            Assert.Empty((await _h.Send("anna", i % 2 == 0 ? "/help" : "hvornår?")).Rows);
            Assert.StartsWith(help, (await _h.Send("bo", "/help")).Texts[0], StringComparison.Ordinal);
            _h.Clock.Advance(TimeSpan.FromSeconds(20));
        }
        // Ten minutes after the "slow down", Anna is answered again as anyone is.
        _h.Clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(21));
        Assert.StartsWith(help, (await _h.Send("anna", "/help")).Texts[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thirty_messages_spread_over_more_than_a_minute_are_all_answered()
    {
        var help = _h.T(TextKeys.Help);
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 45; i++)
        {
            _h.Clock.Advance(TimeSpan.FromSeconds(2.1));
            Assert.StartsWith(help, (await _h.Send("anna", "/help")).Texts[0], StringComparison.Ordinal);
        }
    }
}

using Makker.Telegram.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Makker.Telegram.Tests.Sending;

/// <summary>The limiter on a fake clock: which sends may start, and when the others may.</summary>
public sealed class TelegramRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    private TelegramRateLimiter Limiter(double perSecond = 30) =>
        new(_clock, Options.Create(new TelegramOptions { MessagesPerSecond = perSecond }));

    [Fact]
    public async Task At_most_the_limit_start_within_a_second_and_the_next_waits_for_the_window()
    {
        var limiter = Limiter(30);
        for (var chat = 1; chat <= 30; chat++)
        {
            await limiter.WaitForSlotAsync(chat, CancellationToken.None);
            limiter.Release(chat);
        }

        var next = limiter.WaitForSlotAsync(31, CancellationToken.None);
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_send_in_flight_holds_its_place_until_a_second_after_it_ends()
    {
        var limiter = Limiter(1);
        await limiter.WaitForSlotAsync(1, CancellationToken.None);
        var second = limiter.WaitForSlotAsync(2, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(5)); // the first call is slow
        Assert.False(second.IsCompleted);
        limiter.Release(1);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task One_person_gets_at_most_one_message_a_second_a_group_one_in_three()
    {
        var limiter = Limiter(30);
        await limiter.WaitForSlotAsync(7, CancellationToken.None);
        limiter.Release(7);
        await limiter.WaitForSlotAsync(-100, CancellationToken.None);
        limiter.Release(-100);

        var person = limiter.WaitForSlotAsync(7, CancellationToken.None);
        var group = limiter.WaitForSlotAsync(-100, CancellationToken.None);
        var someoneElse = limiter.WaitForSlotAsync(8, CancellationToken.None);

        Assert.True(someoneElse.IsCompletedSuccessfully);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await person.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(group.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(2));
        await group.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task After_a_429_nobody_sends_before_Telegram_allows_it()
    {
        var limiter = Limiter(30);
        limiter.PauseAll(TimeSpan.FromSeconds(4));

        var waiting = limiter.WaitForSlotAsync(1, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_wait_can_be_cancelled()
    {
        var limiter = Limiter(30);
        await limiter.WaitForSlotAsync(1, CancellationToken.None);
        limiter.Release(1);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.WaitForSlotAsync(1, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}

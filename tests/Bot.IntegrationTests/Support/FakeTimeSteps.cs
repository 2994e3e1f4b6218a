using Makker.Testing.FakeTelegram;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// Moving fake time on in quarter seconds while the fake Telegram server is watched, for the beds that run the host
/// in this process (<see cref="TelegramTestBed"/>) and in its own (<see cref="ProcessBed"/>): they differ only in how
/// a step of time is taken.
/// </summary>
public sealed class FakeTimeSteps(FakeTelegramServer telegram, Func<TimeSpan, Task> advance, TimeSpan settle)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Steps until the condition holds, giving the bot <c>settle</c> of real time after each step to do what became
    /// due. Fails after <paramref name="within"/> of fake time, with <paramref name="context"/> in the message.
    /// </summary>
    public async Task UntilAsync(Func<bool> condition, TimeSpan? within = null, Func<string>? context = null)
    {
        var limit = within ?? TimeSpan.FromMinutes(3);
        for (var advanced = TimeSpan.Zero; ; advanced += Step)
        {
            try
            {
                await telegram.WaitUntilAsync(condition, settle);
                return;
            }
            catch (TimeoutException)
            {
            }
            if (advanced >= limit)
            {
                throw new TimeoutException($"Still not there after {limit} on the fake clock.{(context is null ? "" : "\n" + context())}");
            }
            await advance(Step);
        }
    }

    /// <summary>Lets fake time pass (for checking that something does not happen).</summary>
    public async Task PassAsync(TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += Step)
        {
            await advance(Step);
            try
            {
                await telegram.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(20));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>
    /// /start (with a deep-link payload if given) and the yes to storing a little; returns once the bot has thanked them
    /// (a message starting with <paramref name="thanks"/>, in the person's language).
    /// </summary>
    public async Task ConsentAsync(FakeUser user, string yes, string start = "/start", string thanks = "Tak, ")
    {
        await user.SendTextAsync(start);
        await UntilAsync(() => user.LastBotMessage?.ButtonLabels.Contains(yes) == true);
        var before = user.Messages.Count;
        await user.PressAsync(yes);
        await UntilAsync(() => user.Messages.Skip(before).Any(m => m.FromBot && m.Text.StartsWith(thanks, StringComparison.Ordinal)));
    }
}

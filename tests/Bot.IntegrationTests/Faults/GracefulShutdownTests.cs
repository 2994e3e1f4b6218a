using System.Globalization;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Telegram.Sending;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Faults;

/// <summary>SIGTERM, as systemd or a deploy stops the service: what is in hand is finished, then the process ends cleanly.</summary>
public sealed class GracefulShutdownTests
{
    [Theory]
    [InlineData(TelegramReceiveMode.Webhook)]
    [InlineData(TelegramReceiveMode.Polling)]
    public async Task A_stop_finishes_the_turn_in_flight_and_the_sends_in_flight_then_lets_go_of_the_dispatcher(TelegramReceiveMode mode)
    {
        await using var bed = await ProcessBed.OnSqliteAsync(mode);
        var host = await bed.StartHostAsync();
        var anna = bed.Telegram.AddUser("Anna");
        var bo = bed.Telegram.AddUser("Bo");
        await anna.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => anna.LastBotMessage?.ButtonLabels.Contains(bed.ConsentYes) == true);

        // In flight when the stop comes: a send to Bo that Telegram has not answered yet, and Anna's press, whose
        // turn waits on Telegram to take the button's answer.
        bed.Telegram.HoldCalls("sendMessage");
        await bo.SendTextAsync("/start");
        await bed.AdvanceUntilAsync(() => bed.Telegram.HeldCalls == 1);
        bed.Telegram.HoldCalls("answerCallbackQuery");
        var press = anna.PressAsync(bed.ConsentYes);
        await bed.AdvanceUntilAsync(() => bed.Telegram.HeldCalls == 2);

        var stopped = host.TerminateAsync(TimeSpan.FromSeconds(60));
        // Telegram answers each only once the part of the host that waits for it has been told to stop.
        bool sendsReleased = false, turnReleased = false;
        await Eventually.WaitAsync(async () =>
        {
            if (!sendsReleased && host.Output.Contains("dispatcher is stopping", StringComparison.Ordinal))
            {
                bed.Telegram.ReleaseCalls("sendMessage");
                sendsReleased = true;
            }
            if (!turnReleased && await ReceiverIsStoppingAsync(host, mode))
            {
                bed.Telegram.ReleaseCalls("answerCallbackQuery");
                turnReleased = true;
            }
            return stopped.IsCompleted;
        }, "the host to stop", TimeSpan.FromSeconds(60));

        Assert.Equal(0, await stopped);
        Assert.True(sendsReleased && turnReleased);
        // The turn ran to its end: the button was answered, and with a webhook Telegram got its 200 (no retry).
        Assert.Single(anna.CallbackAnswers);
        if (mode == TelegramReceiveMode.Webhook)
        {
            Assert.True((await press).Accepted);
        }
        // The send in flight was finished and recorded; the dispatcher let go of its lease on the way out.
        var toBo = bo.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(bo.Messages, m => m.FromBot);
        await using (var db = bed.Db())
        {
            Assert.Equal(bo.Messages.Count(m => m.FromBot), await db.Outbox.CountAsync(o => o.Address == toBo && o.Status == OutboxStatus.Sent));
            var lease = await db.Leases.SingleAsync(l => l.Name == OutboxDispatcher.LeaseName);
            Assert.True(lease.ExpiresAt <= bed.Clock.GetUtcNow(), "the lease should be released, not left to run out");
            Assert.True(await db.People.AnyAsync(p => p.ExternalId == anna.Id.ToString(CultureInfo.InvariantCulture) && p.Consent == ConsentState.Given));
        }

        // The next start sends what the stop left waiting (Anna's thanks, the rest to Bo) at once, and nothing twice.
        await bed.StartHostAsync();
        // Well within the 15 s a lease left to run out would take (fake time; a new process on a busy machine needs a
        // few steps of it before its dispatcher runs).
        await bed.AdvanceUntilAsync(() => anna.Messages.Any(m => m.FromBot && m.Text.StartsWith("Tak, ", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        await bed.AdvanceUntilAsync(() => NotSent(bed).Count == 0, TimeSpan.FromSeconds(10));
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));
        await using (var db = bed.Db())
        {
            Assert.Empty(NotSent(bed));
            foreach (var person in new[] { anna, bo })
            {
                // One message in the chat for each new message the bot meant (an edit changes one in place).
                var meant = await db.Outbox.CountAsync(o => o.Address == person.Id.ToString(CultureInfo.InvariantCulture) && o.EditsMessageId == null && o.Kind == OutboxKind.Message);
                Assert.Equal(meant, person.Messages.Count(m => m.FromBot));
            }
        }
        Assert.Single(anna.CallbackAnswers);
    }

    private static List<string> NotSent(ProcessBed bed)
    {
        using var db = bed.Db();
        return [.. db.Outbox.Where(o => o.Status != OutboxStatus.Sent).AsEnumerable().Select(o => $"{o.Id} {o.Kind} to {o.Address}: {o.Status} ({o.LastError})")];
    }

    /// <summary>Polling: its loop says so. Webhook: the web server no longer takes new connections, and drains the one in hand.</summary>
    private static async Task<bool> ReceiverIsStoppingAsync(HostProcess host, TelegramReceiveMode mode)
    {
        if (mode == TelegramReceiveMode.Polling)
        {
            return host.Output.Contains("Long polling is stopping", StringComparison.Ordinal);
        }
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        try
        {
            using var response = await http.GetAsync("healthz");
            return false;
        }
        catch (HttpRequestException)
        {
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}

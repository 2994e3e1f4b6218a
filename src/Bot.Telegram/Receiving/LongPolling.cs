using Makker.Telegram.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Makker.Telegram.Receiving;

/// <summary>
/// Receives updates with getUpdates. The offset only moves past an update once its turn is saved, so a
/// restart never skips one; an update seen again after a restart is recognised by its receipt, so it is never
/// answered twice. The offset is kept in memory on purpose: Telegram keeps unconfirmed updates for a day, and
/// a stored offset could be far above the ids Telegram uses after a quiet week.
/// </summary>
public sealed class LongPolling(
    ITelegramBotClient client,
    TelegramUpdateHandler handler,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<LongPolling> log) : BackgroundService
{
    /// <summary>An update that fails this often is skipped, so one bad update cannot stop all the others.</summary>
    private const int MaxTriesPerUpdate = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int? offset = null;
        int? confirmed = null;
        var webhookCleared = false;
        var failures = 0;
        (int UpdateId, int Tries) failing = (0, 0);
        using var stopping = stoppingToken.Register(() => log.LogInformation("Long polling is stopping after the update in hand"));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!webhookCleared)
                {
                    // A webhook left from an earlier set-up makes getUpdates fail with 409.
                    await client.DeleteWebhook(dropPendingUpdates: false, stoppingToken);
                    webhookCleared = true;
                    log.LogInformation("Receiving Telegram updates by long polling");
                }
                var updates = await client.GetUpdates(offset, 100, options.Value.PollTimeoutSeconds, TelegramUpdateHandler.AllowedUpdates, stoppingToken);
                confirmed = offset;
                foreach (var update in updates.OrderBy(u => u.Id))
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        // Not confirmed to Telegram, so the rest of the batch comes again at the next start.
                        break;
                    }
                    try
                    {
                        // The turn in hand runs to its end when the host stops: half a turn would only be rolled
                        // back and redone, and its button would keep spinning.
                        await handler.HandleAsync(update, CancellationToken.None);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failing = failing.UpdateId == update.Id ? (update.Id, failing.Tries + 1) : (update.Id, 1);
                        if (failing.Tries < MaxTriesPerUpdate)
                        {
                            throw;
                        }
                        log.LogError(e, "Skipped update {UpdateId} after {Tries} failed tries", update.Id, failing.Tries);
                    }
                    offset = update.Id + 1;
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 409)
            {
                webhookCleared = false;
                failures++;
                log.LogWarning("Telegram reports a webhook or another poller; clearing it and trying again");
                await DelayAsync(failures, stoppingToken);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 401)
            {
                // A token Telegram does not know: asking again cannot help, and everything else keeps serving.
                log.LogCritical("Telegram refused the bot token (401). Check Telegram:BotToken; long polling stops");
                return;
            }
            catch (RequestException e)
            {
                failures++;
                log.LogWarning("Long polling failed ({Failures} in a row): {Reason}", failures, e.Describe());
                await DelayAsync(failures, stoppingToken);
            }
            catch (Exception e)
            {
                failures++;
                log.LogWarning(e, "Long polling failed ({Failures} in a row)", failures);
                await DelayAsync(failures, stoppingToken);
            }
        }
        await ConfirmAsync(offset, confirmed);
    }

    /// <summary>
    /// At a clean stop, tells Telegram that the updates handled since the last poll are done (getUpdates confirms
    /// everything below its offset), so the next start is not handed them again.
    /// </summary>
    private async Task ConfirmAsync(int? offset, int? confirmed)
    {
        if (offset is null || offset == confirmed)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), clock);
        try
        {
            await client.GetUpdates(offset, 1, 0, TelegramUpdateHandler.AllowedUpdates, timeout.Token);
        }
        catch (Exception e) when (e is RequestException or OperationCanceledException)
        {
            // They come again at the next start, and their receipts keep them from being handled twice.
            log.LogInformation("Could not confirm the last updates to Telegram at stop: {Reason}", e is RequestException r ? r.Describe() : "stopped waiting");
        }
    }

    private async Task DelayAsync(int failures, CancellationToken ct)
    {
        try
        {
            await Task.Delay(Backoff.For(failures, TimeSpan.FromSeconds(30)), clock, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

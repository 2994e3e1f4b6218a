using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Telegram.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Receiving;

/// <summary>
/// Introduces the bot to Telegram once the host runs: checks the token, registers or removes the webhook,
/// and fills the command menu in Danish and English. Retries in the background, so a Telegram outage at
/// start-up does not stop the host (the web chat and the scheduler keep working).
/// </summary>
public sealed class TelegramSetup(
    TelegramBotClient client,
    WebhookSecret secret,
    DialogCatalog catalog,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    BotIdentity identity,
    ILogger<TelegramSetup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await SetUpAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramApiException e) when (e.ErrorCode == 401)
            {
                log.LogCritical("Telegram refused the bot token (401). Check Telegram:BotToken; the Telegram channel stays off");
                return;
            }
            catch (TelegramException e)
            {
                log.LogWarning("Telegram set-up failed (try {Attempt}): {Reason}", attempt, e.Message);
                try
                {
                    await Task.Delay(Backoff.For(attempt, TimeSpan.FromMinutes(5)), clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task SetUpAsync(CancellationToken ct)
    {
        var me = await client.GetMeAsync(ct);
        log.LogInformation("Connected to Telegram as @{BotUsername}", me.Username);
        identity.Report(me.Username);
        if (options.Value.ResolveMode() == TelegramReceiveMode.Webhook)
        {
            var url = options.Value.PublicUrl!.TrimEnd('/') + WebhookEndpoint.Path;
            await client.SetWebhookAsync(url, secret.Value, TelegramUpdateHandler.AllowedUpdates, dropPendingUpdates: false, ct);
            log.LogInformation("Telegram webhook registered at {WebhookUrl}", url);
        }
        // The default menu (no language) is Danish; Telegram shows the English one to English-language apps.
        await client.SetMyCommandsAsync(Menu(Languages.Danish), null, ct);
        foreach (var language in Languages.All)
        {
            await client.SetMyCommandsAsync(Menu(language), language, ct);
        }
    }

    private List<BotCommand> Menu(string language) =>
        TextKeys.MenuCommands.Select(c => new BotCommand { Command = c.Command, Description = catalog.Text(c.DescriptionKey, language) }).ToList();
}

using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Help;
using Makker.Telegram.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace Makker.Telegram.Receiving;

/// <summary>
/// Introduces the bot to Telegram once the host runs: checks the token, registers or removes the webhook,
/// and sets the default command menu (a newcomer's) in each language Telegram has a code for; each person's own menu follows their
/// roles and goes out through the outbox. Retries in the background, so a Telegram outage at start-up does not stop
/// the host (the web chat and the scheduler keep working).
/// </summary>
public sealed class TelegramSetup(
    ITelegramBotClient client,
    WebhookSecret secret,
    DialogCatalog catalog,
    CommandMenus menus,
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
            catch (ApiRequestException e) when (e.ErrorCode == 401)
            {
                log.LogCritical("Telegram refused the bot token (401). Check Telegram:BotToken; the Telegram channel stays off");
                return;
            }
            catch (RequestException e)
            {
                log.LogWarning("Telegram set-up failed (try {Attempt}): {Reason}", attempt, e.Describe());
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
        var me = await client.GetMe(ct);
        log.LogInformation("Connected to Telegram as @{BotUsername}", me.Username);
        identity.Report(me.Username);
        if (options.Value.ResolveMode() == TelegramReceiveMode.Webhook)
        {
            var url = options.Value.PublicUrl!.TrimEnd('/') + WebhookEndpoint.Path;
            await client.SetWebhook(url, allowedUpdates: TelegramUpdateHandler.AllowedUpdates, dropPendingUpdates: false,
                secretToken: secret.Value, cancellationToken: ct);
            log.LogInformation("Telegram webhook registered at {WebhookUrl}", url);
        }
        // The default menu (no language) is Danish; Telegram shows the English one to English-language apps, the Arabic
        // one to Arabic ones. Easy-read Danish has no app language: it is chosen, and then the person's own menu has it.
        await client.SetMyCommands(Menu(Languages.Danish), languageCode: null, cancellationToken: ct);
        foreach (var language in Languages.Infos.Where(l => l.TelegramCode is not null))
        {
            await client.SetMyCommands(Menu(language.Code), languageCode: language.TelegramCode, cancellationToken: ct);
        }
    }

    private IEnumerable<BotCommand> Menu(string language) =>
        menus.DefaultMenu(catalog, language).Select(e => new BotCommand(e.Command, e.Description));
}

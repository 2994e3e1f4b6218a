using Makker.Conversations;
using Makker.Storage;
using Makker.Telegram.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Receiving;

/// <summary>
/// Turns one Telegram update into one channel-neutral turn, whichever way it arrived (webhook or long
/// polling). Updates the product does not use are acknowledged and ignored.
/// </summary>
public sealed class TelegramUpdateHandler(
    ConversationEngine engine,
    TelegramBotClient client,
    IDbContextFactory<MakkerDb> dbs,
    TimeProvider clock,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> log)
{
    /// <summary>Only these are asked for, in both receive modes.</summary>
    public static IReadOnlyList<string> AllowedUpdates { get; } = ["message", "callback_query", "my_chat_member"];

    private readonly HashSet<long> _hostGroups = [.. options.Value.HostGroupChatIds];

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        using var _ = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.UpdateId });
        if (update.Message is { } message)
        {
            await OnMessageAsync(update, message, ct);
        }
        else if (update.CallbackQuery is { } callback)
        {
            await OnCallbackAsync(update, callback, ct);
        }
        else if (update.MyChatMember is { } member)
        {
            await OnMembershipAsync(member, ct);
        }
        else
        {
            log.LogDebug("Ignored an update of a kind Makker does not use");
        }
    }

    private async Task OnMessageAsync(Update update, Message message, CancellationToken ct)
    {
        if (message.From is not { IsBot: false } from || !IsOurs(message.Chat))
        {
            log.LogDebug("Ignored a message from a {ChatType} chat that is not ours", message.Chat.Type);
            return;
        }
        var result = await engine.HandleAsync(new IncomingMessage(Key(message.Chat, from), clock.GetUtcNow())
        {
            // A photo or a sticker has no text; the engine answers it like any text it does not understand.
            Text = message.Text ?? "",
            FirstName = from.FirstName,
            LanguageHint = from.LanguageCode,
            ReceiptId = ReceiptId(update),
        }, ct);
        if (result.AlreadyHandled)
        {
            log.LogInformation("Update {UpdateId} arrived again and was not handled twice", update.UpdateId);
        }
    }

    private async Task OnCallbackAsync(Update update, CallbackQuery callback, CancellationToken ct)
    {
        string? answer = null;
        try
        {
            if (callback.Message?.Chat is not { } chat || !IsOurs(chat))
            {
                return;
            }
            var result = await engine.HandleAsync(new IncomingMessage(Key(chat, callback.From), clock.GetUtcNow())
            {
                ButtonPayload = callback.Data ?? "",
                ButtonMessageId = await OutboxIdOfAsync(chat.Id, callback.Message.MessageId, ct),
                FirstName = callback.From.FirstName,
                LanguageHint = callback.From.LanguageCode,
                ReceiptId = ReceiptId(update),
            }, ct);
            answer = result.ButtonAnswer;
        }
        finally
        {
            // Telegram shows a spinner on the button until the query is answered, so it is always answered.
            try
            {
                await client.AnswerCallbackQueryAsync(callback.Id, answer, ct);
            }
            catch (TelegramException e)
            {
                log.LogInformation("Could not answer a button press: {Reason}", e.Message);
            }
        }
    }

    private async Task OnMembershipAsync(ChatMemberUpdated update, CancellationToken ct)
    {
        if (update.Chat.Type != ChatTypes.Private)
        {
            return;
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var address = TelegramAddress.Of(update.Chat.Id);
        switch (update.NewChatMember.Status)
        {
            case ChatMemberStatuses.Kicked:
                await OutboxDelivery.MarkUnreachableAsync(db, TelegramAddress.Channel, address, "The person blocked the bot.", ct);
                log.LogInformation("A person blocked the bot; nothing more is sent to them until they come back");
                break;
            case ChatMemberStatuses.Member:
                await OutboxDelivery.MarkReachableAsync(db, TelegramAddress.Channel, address, ct);
                log.LogInformation("A person unblocked the bot");
                break;
        }
    }

    // Compiled once per handler (a compiled query belongs to one storage provider's model): every button press runs it.
    private readonly Func<MakkerDb, string, string, CancellationToken, Task<long?>> _outboxIdOf =
        EF.CompileAsyncQuery((MakkerDb db, string address, string channelMessageId, CancellationToken _) => db.Outbox
            .Where(o => o.Channel == TelegramAddress.Channel && o.Address == address && o.ChannelMessageId == channelMessageId && o.EditsMessageId == null)
            .Select(o => (long?)o.Id)
            .FirstOrDefault());

    /// <summary>The outbox row behind a Telegram message, so the engine knows which of its messages was pressed.</summary>
    private async Task<long?> OutboxIdOfAsync(long chatId, long messageId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await _outboxIdOf(db, TelegramAddress.Of(chatId), TelegramAddress.Of(messageId), ct);
    }

    private bool IsOurs(Chat chat) => chat.Type switch
    {
        ChatTypes.Private => true,
        ChatTypes.Group or ChatTypes.Supergroup => _hostGroups.Contains(chat.Id),
        _ => false,
    };

    /// <summary>In a private chat the person is the chat; a registered group talks to the bot as one.</summary>
    private static PersonKey Key(Chat chat, User from) =>
        new(TelegramAddress.Channel, TelegramAddress.Of(chat.Type == ChatTypes.Private ? from.Id : chat.Id));

    private static string ReceiptId(Update update) => $"telegram:{update.UpdateId}";
}

using System.Diagnostics;
using Makker.Conversations;
using Makker.Storage;
using Makker.Telegram.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Makker.Telegram.Receiving;

/// <summary>
/// Turns one Telegram update into one channel-neutral turn, whichever way it arrived (webhook or long
/// polling). Updates the product does not use are acknowledged and ignored.
/// </summary>
public sealed class TelegramUpdateHandler(
    ConversationEngine engine,
    ITelegramBotClient client,
    IDbContextFactory<MakkerDb> dbs,
    HostGroups groups,
    TelegramMetrics metrics,
    TimeProvider clock,
    ILogger<TelegramUpdateHandler> log)
{
    /// <summary>Only these are asked for, in both receive modes.</summary>
    public static IReadOnlyList<UpdateType> AllowedUpdates { get; } = [UpdateType.Message, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        using var _ = log.BeginScope(new Dictionary<string, object> { ["UpdateId"] = update.Id });
        var kind = update.Type switch
        {
            UpdateType.Message => "message",
            UpdateType.CallbackQuery => "callback_query",
            UpdateType.MyChatMember => "my_chat_member",
            _ => "other",
        };
        using var activity = TelegramMetrics.Updates.StartActivity("telegram.update", ActivityKind.Consumer);
        activity?.SetTag("telegram.update_id", update.Id);
        activity?.SetTag("telegram.update_kind", kind);
        var outcome = "failed";
        try
        {
            outcome = update switch
            {
                { Message: { } message } => await OnMessageAsync(update, message, ct),
                { CallbackQuery: { } callback } => await OnCallbackAsync(update, callback, ct),
                { MyChatMember: { } member } => await OnMembershipAsync(member, ct),
                _ => Ignored("an update of a kind Makker does not use"),
            };
        }
        finally
        {
            activity?.SetTag("makker.outcome", outcome);
            if (outcome == "failed")
            {
                activity?.SetStatus(ActivityStatusCode.Error);
            }
            metrics.UpdateHandled(kind, outcome);
        }
    }

    private string Ignored(string what)
    {
        log.LogDebug("Ignored {What}", what);
        return "ignored";
    }

    private async Task<string> OnMessageAsync(Update update, Message message, CancellationToken ct)
    {
        if (message.Chat.Type is ChatType.Group or ChatType.Supergroup)
        {
            // Telegram tells of a group's move to a supergroup in both chats; either one is enough.
            if (message.MigrateToChatId is { } to)
            {
                await groups.MigrateAsync(message.Chat.Id, to, ct);
                return "migrated";
            }
            if (message.MigrateFromChatId is { } from)
            {
                await groups.MigrateAsync(from, message.Chat.Id, ct);
                return "migrated";
            }
        }
        if (message.From is not { IsBot: false } sender || !await IsOursAsync(message.Chat, ct))
        {
            return Ignored("a message from a chat that is not ours");
        }
        var result = await engine.HandleAsync(new IncomingMessage(Key(message.Chat, sender), clock.GetUtcNow())
        {
            // A photo or a sticker has no text; the engine answers it like any text it does not understand.
            Text = message.Text ?? "",
            FirstName = sender.FirstName,
            LanguageHint = sender.LanguageCode,
            ReceiptId = ReceiptId(update),
            InGroup = message.Chat.Type is ChatType.Group or ChatType.Supergroup,
        }, ct);
        if (result.AlreadyHandled)
        {
            log.LogInformation("Update {UpdateId} arrived again and was not handled twice", update.Id);
            return "duplicate";
        }
        return "handled";
    }

    private async Task<string> OnCallbackAsync(Update update, CallbackQuery callback, CancellationToken ct)
    {
        string? answer = null;
        var outcome = "ignored";
        try
        {
            // Its Message is Telegram's MaybeInaccessibleMessage: a message too old to show has only its chat and id,
            // which is all that is needed here.
            if (callback.Message is not { Chat: { } chat } pressed || !await IsOursAsync(chat, ct))
            {
                return outcome;
            }
            var result = await engine.HandleAsync(new IncomingMessage(Key(chat, callback.From), clock.GetUtcNow())
            {
                ButtonPayload = callback.Data ?? "",
                ButtonChannelMessageId = TelegramAddress.Of(pressed.Id),
                FirstName = callback.From.FirstName,
                LanguageHint = callback.From.LanguageCode,
                ReceiptId = ReceiptId(update),
            }, ct);
            answer = result.ButtonAnswer;
            outcome = result.AlreadyHandled ? "duplicate" : "handled";
        }
        finally
        {
            // Telegram shows a spinner on the button until the query is answered, so it is always answered.
            try
            {
                await client.AnswerCallbackQuery(callback.Id, answer, cancellationToken: ct);
            }
            catch (RequestException e)
            {
                log.LogInformation("Could not answer a button press: {Reason}", e.Describe());
            }
        }
        return outcome;
    }

    private async Task<string> OnMembershipAsync(ChatMemberUpdated update, CancellationToken ct)
    {
        if (update.Chat.Type != ChatType.Private)
        {
            return "ignored";
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var address = TelegramAddress.Of(update.Chat.Id);
        switch (update.NewChatMember.Status)
        {
            case ChatMemberStatus.Kicked:
                await OutboxDelivery.MarkUnreachableAsync(db, TelegramAddress.Channel, address, "The person blocked the bot.", ct);
                metrics.Unreachable();
                log.LogInformation("A person blocked the bot; nothing more is sent to them until they come back");
                return "blocked";
            case ChatMemberStatus.Member:
                await OutboxDelivery.MarkReachableAsync(db, TelegramAddress.Channel, address, ct);
                log.LogInformation("A person unblocked the bot");
                return "unblocked";
            default:
                return "ignored";
        }
    }

    private ValueTask<bool> IsOursAsync(Chat chat, CancellationToken ct) => chat.Type switch
    {
        ChatType.Private => ValueTask.FromResult(true),
        ChatType.Group or ChatType.Supergroup => groups.IsOursAsync(chat.Id, ct),
        _ => ValueTask.FromResult(false),
    };

    /// <summary>In a private chat the person is the chat; a registered group talks to the bot as one.</summary>
    private static PersonKey Key(Chat chat, User from) =>
        new(TelegramAddress.Channel, TelegramAddress.Of(chat.Type == ChatType.Private ? from.Id : chat.Id));

    private static string ReceiptId(Update update) => $"telegram:{update.Id}";
}

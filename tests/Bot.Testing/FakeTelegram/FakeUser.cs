using Makker.Testing.FakeTelegram.Wire;

namespace Makker.Testing.FakeTelegram;

/// <summary>A scripted person with a private chat with the bot; the chat id is the user id.</summary>
public sealed class FakeUser
{
    private readonly FakeTelegramServer _server;

    internal FakeUser(FakeTelegramServer server, long id, string firstName, string? languageCode, string? username)
    {
        _server = server;
        Id = id;
        FirstName = firstName;
        LanguageCode = languageCode;
        Username = username;
    }

    public long Id { get; }
    public long ChatId => Id;
    public string FirstName { get; }
    public string? LanguageCode { get; }
    public string? Username { get; }

    public bool HasBlockedBot => _server.IsBlocked(Id);

    /// <summary>The private chat as it shows now: messages from both sides, in order, with edits applied.</summary>
    public IReadOnlyList<FakeChatMessage> Messages => _server.MessagesIn(Id);

    /// <summary>The newest message from the bot in this chat, or null.</summary>
    public FakeChatMessage? LastBotMessage => Messages.LastOrDefault(m => m.FromBot);

    /// <summary>The bot's answers to this person's button presses.</summary>
    public IReadOnlyList<FakeCallbackAnswer> CallbackAnswers => _server.CallbackAnswersOf(Id);

    public User ToTelegramUser() => new()
    {
        Id = Id,
        IsBot = false,
        FirstName = FirstName,
        Username = Username,
        LanguageCode = LanguageCode,
    };

    /// <summary>Types a message in the private chat (a command with a deep-link payload is just the text "/start payload").</summary>
    public Task<FakeDelivery> SendTextAsync(string text, CancellationToken ct = default) =>
        _server.UserSendsTextAsync(this, Id, text, ct);

    /// <summary>Presses the button with this label on the newest bot message in the private chat that has one.</summary>
    public Task<FakeDelivery> PressAsync(string buttonLabel, CancellationToken ct = default) =>
        _server.UserPressesAsync(this, Id, null, buttonLabel, ct);

    /// <summary>Presses a button on a particular, possibly old, message.</summary>
    public Task<FakeDelivery> PressAsync(FakeChatMessage message, string buttonLabel, CancellationToken ct = default) =>
        _server.UserPressesAsync(this, message.ChatId, message.MessageId, buttonLabel, ct);

    /// <summary>Sends any update; its update_id is replaced by the server's next one.</summary>
    public Task<FakeDelivery> SendRawUpdateAsync(Update update, CancellationToken ct = default) =>
        _server.SendTypedUpdateAsync(update, ct);

    /// <summary>
    /// Blocks the bot: from now on sendMessage to this person answers 403 "Forbidden: bot was blocked by the
    /// user", and the bot gets a my_chat_member update with status "kicked".
    /// </summary>
    public Task<FakeDelivery> BlockBotAsync(CancellationToken ct = default) => _server.SetBlockedAsync(this, blocked: true, ct);

    /// <summary>Unblocks the bot: messages go through again, and a my_chat_member update with status "member" arrives.</summary>
    public Task<FakeDelivery> UnblockBotAsync(CancellationToken ct = default) => _server.SetBlockedAsync(this, blocked: false, ct);

    public override string ToString() => $"{FirstName} ({Id})";
}

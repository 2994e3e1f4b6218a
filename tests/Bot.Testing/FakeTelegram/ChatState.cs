using Makker.Testing.FakeTelegram.Wire;

namespace Makker.Testing.FakeTelegram;

// The fake's own bookkeeping; guarded by the server's lock and only handed out as snapshots.

internal sealed class ChatState(long id, string type, string? title, FakeUser? user)
{
    public long Id { get; } = id;
    public string Type { get; } = type;
    public string? Title { get; } = title;

    /// <summary>The person of a private chat.</summary>
    public FakeUser? User { get; } = user;
    public List<MessageState> Messages { get; } = [];
    public bool Blocked { get; set; }

    /// <summary>The group became this supergroup: sends to the old id are refused with migrate_to_chat_id.</summary>
    public long? MigratedTo { get; set; }

    /// <summary>Telegram passes the same opaque value with every callback query from this chat.</summary>
    public string ChatInstance { get; } = Random.Shared.NextInt64(1_000_000_000_000, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private long _lastMessageId;

    public bool IsPrivate => Type == ChatTypes.Private;

    public long NextMessageId() => ++_lastMessageId;

    public Chat ToChat() => new()
    {
        Id = Id,
        Type = Type,
        Title = Title,
        FirstName = User?.FirstName,
        Username = User?.Username,
    };
}

internal sealed class MessageState
{
    public required long MessageId { get; init; }
    public required User From { get; init; }
    public required DateTimeOffset Date { get; init; }
    public required string Text { get; set; }
    public InlineKeyboardMarkup? Markup { get; set; }
    public string? ParseMode { get; set; }

    /// <summary>Set for a file; <see cref="Text"/> is then its caption, empty without one.</summary>
    public Document? Document { get; init; }

    /// <summary>Set for a picture; <see cref="Text"/> is then its caption, as for a file.</summary>
    public IReadOnlyList<PhotoSize>? Photo { get; init; }

    /// <summary>Set for a voice message; <see cref="Text"/> is then its caption, as for a file.</summary>
    public Voice? Voice { get; init; }
    public List<FakeMessageVersion> History { get; } = [];

    /// <summary>Set on a group's last message before it became a supergroup, and on the supergroup's first.</summary>
    public long? MigrateToChatId { get; init; }
    public long? MigrateFromChatId { get; init; }

    private bool HasMedia => Document is not null || Photo is not null || Voice is not null;

    public bool FromBot => From.IsBot;

    public Message ToMessage(ChatState chat) => new()
    {
        MessageId = MessageId,
        From = From,
        Chat = chat.ToChat(),
        Date = Date.ToUnixTimeSeconds(),
        Text = HasMedia || Text.Length == 0 ? null : Text,
        Caption = !HasMedia || Text.Length == 0 ? null : Text,
        Document = Document,
        Photo = Photo,
        Voice = Voice,
        MigrateToChatId = MigrateToChatId,
        MigrateFromChatId = MigrateFromChatId,
        ReplyMarkup = Markup,
    };

    public FakeChatMessage Snapshot(ChatState chat) =>
        new(chat.Id, MessageId, FromBot, From.Id, Text, Markup, ParseMode, Date, History.ToArray()) { DocumentName = Document?.FileName, IsPhoto = Photo is not null, IsVoice = Voice is not null };
}

internal sealed record WebhookState(string Url, string? SecretToken);

internal sealed record PendingUpdate(long UpdateId, string Type, string Json);

internal enum FaultKind
{
    JsonError,
    Html502,
    Drop,
    Hang,
    Malformed,
}

internal sealed record Fault(FaultKind Kind, int StatusCode = 500, int? RetryAfter = null);

using System.Text;
using System.Text.Json;
using Makker.Testing.FakeTelegram.Wire;

namespace Makker.Testing.FakeTelegram;

/// <summary>One Bot API request: status 0 means no answer (yet): dropped, hanging, or a long poll still waiting.</summary>
/// <param name="Parameters">The request's parameters as one JSON object, whether they came as JSON, form fields or a query string (form values are strings).</param>
/// <param name="Time">When it arrived, by the server's clock.</param>
public sealed record FakeCall(string Method, JsonElement Parameters, DateTimeOffset Time, int StatusCode)
{
    public bool Succeeded => StatusCode == 200;

    /// <summary>The request body came with Transfer-Encoding: chunked (no Content-Length), as Telegram.Bot sends without retries.</summary>
    public bool ChunkedBody { get; init; }

    /// <summary>The request was multipart/form-data (a file upload).</summary>
    public bool Multipart { get; init; }

    public string? GetString(string name) =>
        Parameters.ValueKind == JsonValueKind.Object && Parameters.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;
}

/// <summary>A message the bot sent successfully with sendMessage.</summary>
public sealed record FakeSentMessage(long ChatId, long MessageId, string Text, InlineKeyboardMarkup? ReplyMarkup, string? ParseMode, DateTimeOffset Time)
{
    public IReadOnlyList<string> ButtonLabels => ReplyMarkup.Labels();

    /// <summary>Sent with link_preview_options.is_disabled (or the older disable_web_page_preview): no preview of its links.</summary>
    public bool LinkPreviewDisabled { get; init; }
}

/// <summary>A file the bot uploaded successfully with sendDocument (or a picture with sendPhoto), as it arrived.</summary>
/// <param name="MimeType">What Telegram reports for it: from the file name's extension, else the upload part's Content-Type.</param>
public sealed record FakeSentDocument(
    long ChatId,
    long MessageId,
    string FileName,
    string? MimeType,
    byte[] Content,
    string? Caption,
    InlineKeyboardMarkup? ReplyMarkup,
    DateTimeOffset Time)
{
    public string ContentText => Encoding.UTF8.GetString(Content);
    public IReadOnlyList<string> ButtonLabels => ReplyMarkup.Labels();

    /// <summary>Sent with sendPhoto: the chat shows it as a picture, not as a file to open.</summary>
    public bool IsPhoto { get; init; }
}

/// <summary>A voice message the bot sent successfully with sendVoice, its audio as it arrived.</summary>
/// <param name="Duration">What the bot said the audio lasts (the duration parameter), in seconds; null when it said nothing.</param>
public sealed record FakeSentVoice(long ChatId, long MessageId, byte[] Content, int? Duration, string? Caption, InlineKeyboardMarkup? ReplyMarkup,
    DateTimeOffset Time);

/// <summary>
/// A message as the chat shows it now, edits applied; <see cref="EditHistory"/> holds what it showed before, oldest
/// first. For a file, <see cref="Text"/> is its caption (empty without one) and <see cref="DocumentName"/> is set.
/// </summary>
public sealed record FakeChatMessage(
    long ChatId,
    long MessageId,
    bool FromBot,
    long FromUserId,
    string Text,
    InlineKeyboardMarkup? ReplyMarkup,
    string? ParseMode,
    DateTimeOffset Date,
    IReadOnlyList<FakeMessageVersion> EditHistory)
{
    public IReadOnlyList<InlineKeyboardButton> Buttons => ReplyMarkup?.InlineKeyboard.SelectMany(row => row).ToArray() ?? [];
    public IReadOnlyList<string> ButtonLabels => ReplyMarkup.Labels();
    public bool WasEdited => EditHistory.Count > 0;
    public string? DocumentName { get; init; }
    public bool IsPhoto { get; init; }
    public bool IsVoice { get; init; }
}

/// <summary>An earlier content of an edited message, and when (by the server's clock) an edit replaced it.</summary>
public sealed record FakeMessageVersion(string Text, InlineKeyboardMarkup? ReplyMarkup, DateTimeOffset ReplacedAt)
{
    public IReadOnlyList<string> ButtonLabels => ReplyMarkup.Labels();
}

public sealed record FakeCallbackAnswer(string CallbackQueryId, long UserId, string? Text, bool ShowAlert, DateTimeOffset Time);

public enum FakeDeliveryRoute
{
    /// <summary>No webhook: the update waits for getUpdates.</summary>
    Queued,

    /// <summary>POSTed to the webhook; see <see cref="FakeDelivery.StatusCode"/>.</summary>
    Webhook,

    /// <summary>Left out by the bot's allowed_updates, as Telegram does; nobody will see it.</summary>
    Filtered,
}

/// <param name="StatusCode">For <see cref="FakeDeliveryRoute.Webhook"/>: the webhook's HTTP status, or null when it could not be reached.</param>
public sealed record FakeDelivery(long UpdateId, FakeDeliveryRoute Route, int? StatusCode)
{
    /// <summary>Queued for polling, or the webhook answered 2xx (anything else makes Telegram retry).</summary>
    public bool Accepted => Route == FakeDeliveryRoute.Queued || StatusCode is >= 200 and < 300;
}

internal static class MarkupExtensions
{
    public static IReadOnlyList<string> Labels(this InlineKeyboardMarkup? markup) =>
        markup?.InlineKeyboard.SelectMany(row => row).Select(b => b.Text).ToArray() ?? [];
}

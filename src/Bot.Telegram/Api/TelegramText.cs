using System.Text;

namespace Makker.Telegram.Api;

/// <summary>
/// Escaping for texts sent with a parse_mode. Makker sends plain text by default; a caller that turns on a
/// parse mode must escape every piece it did not write itself (names, answers), or Telegram rejects the
/// message with "can't parse entities" or formats it wrongly.
/// </summary>
public static class TelegramText
{
    /// <summary>Telegram's limit for one message text, in UTF-16 code units after entity parsing.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's limit for the caption of a file (sendDocument), counted like a message text.</summary>
    public const int MaxCaptionLength = 1024;

    public static string EscapeHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("<>&\"") < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '&' => sb.Append("&amp;"),
                '"' => sb.Append("&quot;"),
                _ => sb.Append(c),
            };
        }
        return sb.ToString();
    }

    // Every character MarkdownV2 gives a meaning to, plus the backslash that escapes them.
    private const string MarkdownV2Special = "_*[]()~`>#+-=|{}.!\\";

    public static string EscapeMarkdownV2(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny(MarkdownV2Special) < 0)
        {
            return text;
        }
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (MarkdownV2Special.Contains(c))
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}

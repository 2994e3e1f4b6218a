namespace Makker.Testing.FakeTelegram;

/// <summary>
/// A rough version of Telegram's HTML parse-mode check, so a test catches a name or answer that was sent
/// unescaped: every '&lt;' must open a supported tag and every '&amp;' must start an entity. Tag nesting is
/// not checked.
/// </summary>
internal static class TelegramHtmlCheck
{
    private static readonly HashSet<string> Tags = new(StringComparer.OrdinalIgnoreCase)
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
        "blockquote", "tg-emoji", "tg-time",
    };

    private static readonly string[] Entities = ["&lt;", "&gt;", "&amp;", "&quot;"];

    /// <returns>The error description Telegram would give, or null when the text parses.</returns>
    public static string? Check(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '<')
            {
                var end = text.IndexOf('>', i);
                if (end < 0)
                {
                    return $"Bad Request: can't parse entities: Unclosed start tag at byte offset {i}";
                }
                var inner = text.AsSpan(i + 1, end - i - 1).TrimStart('/');
                var nameLength = inner.IndexOfAny(" \t\n/");
                var name = (nameLength < 0 ? inner : inner[..nameLength]).ToString();
                if (!Tags.Contains(name))
                {
                    return $"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {i}";
                }
                i = end;
            }
            else if (text[i] == '&' && !Entities.Any(e => text.AsSpan(i).StartsWith(e, StringComparison.Ordinal)) && !IsNumericEntity(text.AsSpan(i)))
            {
                return $"Bad Request: can't parse entities: Character entity expected at byte offset {i}";
            }
        }
        return null;
    }

    private static bool IsNumericEntity(ReadOnlySpan<char> s)
    {
        if (s.Length < 4 || s[1] != '#')
        {
            return false;
        }
        var semicolon = s.IndexOf(';');
        return semicolon > 2 && s[2..semicolon].ToString().TrimStart('x', 'X').All(char.IsAsciiHexDigit);
    }
}

namespace Makker.Telegram.Sending;

/// <summary>
/// Splits a text longer than Telegram allows into parts that read well: at a blank line if possible, else at a
/// line break, else after a sentence, else at a space, and only as a last resort in the middle of a word.
/// </summary>
public static class MessageSplitter
{
    public static IReadOnlyList<string> Split(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return [text];
        }
        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > maxLength)
        {
            var cut = CutPoint(rest[..maxLength]);
            var part = rest[..cut].TrimEnd();
            if (part.Length > 0)
            {
                parts.Add(part.ToString());
            }
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }
        return parts;
    }

    private static int CutPoint(ReadOnlySpan<char> window)
    {
        // Never cut so early that the parts become tiny: a break in the first half is not worth it.
        var min = window.Length / 2;
        foreach (var separator in (ReadOnlySpan<string>)["\n\n", "\n", ". ", "! ", "? ", " "])
        {
            var at = window.LastIndexOf(separator.AsSpan());
            if (at >= min)
            {
                return at + separator.Length;
            }
        }
        // No good place: cut hard, but not between the two halves of a surrogate pair (an emoji).
        return char.IsHighSurrogate(window[^1]) ? window.Length - 1 : window.Length;
    }
}

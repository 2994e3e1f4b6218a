using System.Globalization;
using System.Text;

namespace Makker.Speech;

/// <summary>A message as it is read aloud: what is only for the eye (emoji, arrows, direction marks) is left out.</summary>
public static class SpokenText
{
    public static string Of(string text)
    {
        var spoken = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            // Emoji and signs (So, Sm such as →), and the invisible ones (bidi isolates, joiners, variation selectors).
            if (category is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol or UnicodeCategory.Format
                || rune.Value is >= 0xFE00 and <= 0xFE0F || rune.Value == 0x2022)
            {
                spoken.Append(' ');
                continue;
            }
            spoken.Append(rune.ToString());
        }
        // Lines become pauses; runs of spaces one.
        return string.Join(' ', spoken.ToString().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
    }
}

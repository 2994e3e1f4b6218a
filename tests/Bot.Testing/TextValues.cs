namespace Makker.Testing;

/// <summary>A dialog text with its {placeholders} filled in, as a test expects to read it in the chat.</summary>
public static class TextValues
{
    public static string Fill(string text, params (string Key, string Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }
        return text;
    }
}

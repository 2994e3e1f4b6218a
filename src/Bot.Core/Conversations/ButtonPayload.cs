using System.Globalization;
using System.Security.Cryptography;

namespace Makker.Conversations;

/// <summary>
/// Button payloads stay far below Telegram's 64-byte limit: "t:&lt;token&gt;:&lt;choice&gt;" for a one-off
/// choice tied to a stored token, "c:&lt;command&gt;" for a harmless shortcut to a command, "r:&lt;outbox id&gt;" to hear that message read aloud.
/// </summary>
public abstract record ButtonPayload
{
    public const int MaxLength = 64;
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const int TokenLength = 10;

    public sealed record Choice(string Token, string ChoiceId) : ButtonPayload
    {
        public override string ToString() => $"t:{Token}:{ChoiceId}";
    }

    public sealed record Command(string Name) : ButtonPayload
    {
        public override string ToString() => $"c:{Name}";
    }

    /// <summary>"Read aloud": the outbox message the button sits on, as a voice message.</summary>
    public sealed record ReadAloud(long MessageId) : ButtonPayload
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"r:{MessageId}");
    }

    public static string NewToken() => RandomNumberGenerator.GetString(TokenAlphabet, TokenLength);

    public static ButtonPayload? Parse(string? payload)
    {
        if (string.IsNullOrEmpty(payload) || payload.Length > MaxLength)
        {
            return null;
        }
        var parts = payload.Split(':');
        return parts switch
        {
            ["t", var token, var choice] when token.Length == TokenLength && token.All(char.IsAsciiLetterOrDigit)
                && choice.Length is > 0 and <= 16 => new Choice(token, choice),
            ["c", var name] when name.Length is > 0 and <= 32 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) => new Command(name),
            ["r", var id] when long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId) && messageId > 0 => new ReadAloud(messageId),
            _ => null,
        };
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Receiving;

/// <summary>
/// The secret Telegram sends back with every webhook call. Without a configured one it is derived from the
/// bot token, so every instance behind the proxy agrees on it without extra configuration.
/// </summary>
public sealed class WebhookSecret
{
    public const string HeaderName = "X-Telegram-Bot-Api-Secret-Token";

    private readonly byte[] _hash;

    public WebhookSecret(IOptions<TelegramOptions> options)
    {
        var configured = options.Value.WebhookSecret;
        Value = string.IsNullOrWhiteSpace(configured)
            ? Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes("makker-webhook:" + options.Value.BotToken)))
            : configured;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    /// <summary>1-256 characters of A-Z, a-z, 0-9, _ and -, as Telegram requires.</summary>
    public string Value { get; }

    /// <summary>Compares in constant time: both sides are hashed first, so neither length nor content leaks.</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

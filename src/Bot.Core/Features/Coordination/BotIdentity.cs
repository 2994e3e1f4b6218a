using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>
/// The bot's Telegram username, for invite links. The Telegram channel learns it from getMe; without Telegram the
/// setting <see cref="BotOptions.Username"/> stands in, and without either an invite is a code to type.
/// </summary>
public interface IBotIdentity
{
    string? Username { get; }
}

/// <summary>Holds what the channel reported, falling back to the setting.</summary>
public sealed class BotIdentity(IOptions<BotOptions> options) : IBotIdentity
{
    private volatile string? _reported;

    public string? Username => _reported ?? (string.IsNullOrWhiteSpace(options.Value.Username) ? null : options.Value.Username.TrimStart('@'));

    /// <summary>Called by the Telegram channel once getMe has answered.</summary>
    public void Report(string? username) => _reported = string.IsNullOrWhiteSpace(username) ? null : username;
}

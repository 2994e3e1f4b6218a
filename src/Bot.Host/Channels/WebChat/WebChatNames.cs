using System.Collections.Concurrent;
using Makker.Features.Demo;

namespace Makker.Host.Channels.WebChat;

/// <summary>
/// The first name each web chat person last gave, so a button press that arrives without one (the page sends the
/// name with texts) still greets them by name. Kept in memory only, like a chat app's own contact list: before
/// consent Makker stores no name, and the web chat is a local demo channel. A demo person's name is known anyway.
/// </summary>
public sealed class WebChatNames
{
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public string? For(string who, string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return _names[who] = given.Trim();
        }
        return _names.TryGetValue(who, out var known) ? known : DemoSeeder.People.FirstOrDefault(p => p.Key == who)?.FirstName;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Makker.Storage;

namespace Makker.Conversations;

/// <summary>One line of a person's command menu: the command without its slash, and what it does in their language.</summary>
public sealed record MenuEntry(string Command, string Description);

/// <summary>
/// What a channel can do besides texts and buttons. A channel with a command menu (Telegram's "/" menu) gets each
/// person's own menu through the outbox; the others never see menu rows.
/// </summary>
public sealed record ChannelTraits(string Channel, bool HasCommandMenu);

/// <summary>
/// Runs at the end of every turn, before the turn commits: for what follows from its changes (a person whose roles
/// changed gets a new menu), in the same transaction. A turn that changed someone's roles is saved first, so what this
/// reads from the database includes them.
/// </summary>
public interface ITurnEnd
{
    Task OnTurnEndAsync(TurnContext ctx, CancellationToken ct);
}

/// <summary>How a menu travels in an outbox row's text (<see cref="OutboxKind.CommandMenu"/>).</summary>
public static class CommandMenu
{
    public static string Serialize(IReadOnlyList<MenuEntry> entries) => JsonSerializer.Serialize(entries, MenuJson.Default.IReadOnlyListMenuEntry);

    /// <summary>The entries, or none for a malformed row (which then resets the menu rather than failing the chat).</summary>
    public static IReadOnlyList<MenuEntry> Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, MenuJson.Default.IReadOnlyListMenuEntry) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyList<MenuEntry>))]
internal sealed partial class MenuJson : JsonSerializerContext;

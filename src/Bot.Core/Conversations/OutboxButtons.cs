using System.Text.Json;

namespace Makker.Conversations;

/// <summary>The stored form of a message's buttons, shared by the engine and every channel.</summary>
public static class OutboxButtons
{
    public static string? Serialize(IReadOnlyList<IReadOnlyList<Button>>? buttons) =>
        buttons is { Count: > 0 } ? JsonSerializer.Serialize(buttons, ConversationJson.Default.IReadOnlyListIReadOnlyListButton) : null;

    public static IReadOnlyList<IReadOnlyList<Button>> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize(json, ConversationJson.Default.IReadOnlyListIReadOnlyListButton) ?? [];
}

namespace Makker.Testing.FakeTelegram;

/// <summary>A group chat the bot is a member of; anyone can write in it.</summary>
public sealed class FakeGroup
{
    private readonly FakeTelegramServer _server;

    internal FakeGroup(FakeTelegramServer server, long id, string title)
    {
        _server = server;
        Id = id;
        Title = title;
    }

    /// <summary>Negative, as group ids are.</summary>
    public long Id { get; }
    public string Title { get; }

    public IReadOnlyList<FakeChatMessage> Messages => _server.MessagesIn(Id);

    public FakeChatMessage? LastBotMessage => Messages.LastOrDefault(m => m.FromBot);

    public Task<FakeDelivery> SendTextAsync(FakeUser from, string text, CancellationToken ct = default) =>
        _server.UserSendsTextAsync(from, Id, text, ct);

    /// <summary><paramref name="from"/> presses the button with this label on the newest bot message in the group that has one.</summary>
    public Task<FakeDelivery> PressAsync(FakeUser from, string buttonLabel, CancellationToken ct = default) =>
        _server.UserPressesAsync(from, Id, null, buttonLabel, ct);

    public Task<FakeDelivery> PressAsync(FakeUser from, FakeChatMessage message, string buttonLabel, CancellationToken ct = default) =>
        _server.UserPressesAsync(from, Id, message.MessageId, buttonLabel, ct);

    public override string ToString() => $"{Title} ({Id})";
}

namespace Makker.Storage;

/// <summary>
/// Something a person may do beyond any one community (today only creating communities). A row per capability,
/// not a column on people, so the table can cascade from people and say who gave it and when.
/// </summary>
public sealed class PersonCapability
{
    public long PersonId { get; set; }
    public required string Capability { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

public static class Capabilities
{
    public const string CreateCommunities = "create_communities";
}

/// <summary>
/// The one-time code that makes the first coordinator when nobody could otherwise set anything up. Only its
/// SHA-256 hash is kept: the code itself is in the host's log once and nowhere else.
/// </summary>
public sealed class SetupCode
{
    public long Id { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RedeemedAt { get; set; }
}

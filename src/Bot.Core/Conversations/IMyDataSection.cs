using Makker.Storage;

namespace Makker.Conversations;

/// <summary>
/// A feature's part of /mydata: everything it stores about the person, in words. Null when it stores nothing
/// about them.
/// </summary>
public interface IMyDataSection
{
    Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct);
}

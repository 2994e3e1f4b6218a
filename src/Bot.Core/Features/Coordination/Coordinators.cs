using Makker.Features.Participation;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.Coordination;

/// <summary>Who may set what up: coordinators for their own communities, and a few people for new communities.</summary>
public sealed class Coordinators(IOptions<BotOptions> options)
{
    /// <summary>The channel whose user ids <see cref="BotOptions.Coordinators"/> lists.</summary>
    public const string TelegramChannel = "telegram";

    public async Task<bool> MayCreateCommunitiesAsync(MakkerDb db, Person person, CancellationToken ct) =>
        IsConfigured(person)
        || await db.PersonCapabilities.AnyAsync(c => c.PersonId == person.Id && c.Capability == Capabilities.CreateCommunities, ct)
        // Someone who already runs a community may start another one.
        || await CommunitiesOf(db, person.Id).AnyAsync(ct);

    /// <summary>Whether anyone at all could set things up now; if not, the host needs a set-up code.</summary>
    public async Task<bool> AnyoneCanSetUpAsync(MakkerDb db, CancellationToken ct) =>
        options.Value.Coordinators.Any(id => !string.IsNullOrWhiteSpace(id))
        || await db.PersonCapabilities.AnyAsync(c => c.Capability == Capabilities.CreateCommunities, ct)
        || await db.CommunityMembers.AnyAsync(m => m.IsCoordinator, ct);

    public static IQueryable<long> CommunitiesOf(MakkerDb db, long personId) =>
        db.CommunityMembers.Where(m => m.PersonId == personId && m.IsCoordinator).Select(m => m.CommunityId);

    public static Task<bool> CoordinatesAsync(MakkerDb db, long personId, long communityId, CancellationToken ct) =>
        db.CommunityMembers.AnyAsync(m => m.PersonId == personId && m.CommunityId == communityId && m.IsCoordinator, ct);

    /// <summary>The activity, if it belongs to a community this person coordinates.</summary>
    public static Task<Activity?> CoordinatedActivityAsync(MakkerDb db, long personId, long activityId, CancellationToken ct) =>
        db.Activities.FirstOrDefaultAsync(a => a.Id == activityId && CommunitiesOf(db, personId).Contains(a.CommunityId), ct);

    public bool IsConfigured(Person person) =>
        person.Channel == TelegramChannel && options.Value.Coordinators.Contains(person.ExternalId, StringComparer.Ordinal);
}

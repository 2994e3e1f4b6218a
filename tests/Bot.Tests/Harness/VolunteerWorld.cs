using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Harness;

/// <summary>
/// Volunteers and shifts on top of the Thursday dinner world: shift templates, volunteers with roles and a
/// frequency, and a clock that runs every occurrence step (the shift prompts, reminders and coverage alerts among them)
/// at its time, as Hangfire does in the host.
/// </summary>
public sealed class VolunteerWorld(ParticipationWorld world)
{
    public ParticipationWorld W { get; } = world;
    public ConversationHarness H => W.H;

    /// <summary>A little while on the clock: the tests' "one round on".</summary>
    public TimeSpan RoundEvery { get; set; } = TimeSpan.FromMinutes(15);

    public async Task<long> AddShiftAsync(string role, TimeOnly from, TimeOnly to, int needed)
    {
        await using var db = H.Db();
        var template = new ShiftTemplate { ActivityId = W.DinnerId, Role = role, StartsAt = from, EndsAt = to, Needed = needed, CreatedAt = H.Clock.GetUtcNow() };
        db.ShiftTemplates.Add(template);
        await db.SaveChangesAsync();
        // As whatever adds a template in the product must: the coming occurrences already past their lead time hear of it.
        await ShiftPromptsStep.WakeForActivityAsync(db, W.DinnerId, H.Clock.GetUtcNow(), CancellationToken.None);
        return template.Id;
    }

    /// <summary>A community member who volunteered for these roles (none: any role).</summary>
    public async Task AddVolunteerAsync(string who, VolunteerFrequency frequency = VolunteerFrequency.Weekly, params string[] roles)
    {
        await H.ConsentAsync(who);
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        if (await db.CommunityMembers.FindAsync(W.CommunityId, person.Id) is null)
        {
            db.CommunityMembers.Add(new CommunityMember { CommunityId = W.CommunityId, PersonId = person.Id, IsVolunteer = true, JoinedAt = H.Clock.GetUtcNow() });
        }
        db.Volunteers.Add(new Volunteer { PersonId = person.Id, Roles = string.Join(",", roles), Frequency = frequency, JoinedAt = H.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    public async Task MakeCoordinatorAsync(string who)
    {
        await H.ConsentAsync(who);
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        db.CommunityMembers.Add(new CommunityMember { CommunityId = W.CommunityId, PersonId = person.Id, IsCoordinator = true, JoinedAt = H.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>Plans ahead and runs every step due now (the shift prompts among them), without moving the clock.</summary>
    public Task RoundNowAsync() => W.RunDueNowAsync();

    /// <summary>Moves the clock to <paramref name="until"/>, running the occurrence steps at their times.</summary>
    public async Task RunUntilAsync(DateTimeOffset until)
    {
        await RoundNowAsync();
        await W.RunUntilAsync(until);
    }

    /// <summary>Who has been asked about a shift of this role so far, in the order they were asked.</summary>
    public async Task<List<string>> AskedAsync(string role, DateTimeOffset? occurrenceStart = null)
    {
        await using var db = H.Db();
        return await (from p in db.ShiftPrompts
                      join s in db.Shifts on p.ShiftId equals s.Id
                      join o in db.Occurrences on s.OccurrenceId equals o.Id
                      join person in db.People on p.PersonId equals person.Id
                      where s.Role == role && (occurrenceStart == null || o.StartsAt == occurrenceStart)
                      orderby p.AskedAt, person.Id
                      select person.ExternalId).ToListAsync();
    }

    /// <summary>Who has a shift of this role now (not handed back).</summary>
    public async Task<List<string>> OnShiftAsync(string role, DateTimeOffset? occurrenceStart = null)
    {
        await using var db = H.Db();
        return await (from a in db.ShiftAssignments
                      join s in db.Shifts on a.ShiftId equals s.Id
                      join o in db.Occurrences on s.OccurrenceId equals o.Id
                      join person in db.People on a.PersonId equals person.Id
                      where s.Role == role && a.HandedBackAt == null && (occurrenceStart == null || o.StartsAt == occurrenceStart)
                      orderby a.AcceptedAt
                      select person.ExternalId).ToListAsync();
    }

    /// <summary>The newest shift prompt to this person, as a message.</summary>
    public async Task<OutboxMessage?> LastPromptAsync(string who)
    {
        await using var db = H.Db();
        var person = await db.People.SingleAsync(p => p.ExternalId == who);
        var tokens = db.ButtonTokens.Where(t => t.PersonId == person.Id && t.Purpose == ShiftRounds.PromptPurpose).Select(t => t.MessageId);
        return await db.Outbox.Where(o => tokens.Contains(o.Id)).OrderByDescending(o => o.Id).FirstOrDefaultAsync();
    }

    /// <summary>Presses a button on a given message (the prompt for one particular shift).</summary>
    public async Task<Replies> PressOnAsync(string who, OutboxMessage message, string label)
    {
        var button = Replies.ParseButtons(message.ButtonsJson).SelectMany(r => r).Single(b => b.Label == label);
        return await H.PressPayload(who, button.Payload, message.Id);
    }
}

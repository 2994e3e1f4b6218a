using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Makker.Features.Demo;

public enum DemoRole
{
    Participant,
    Volunteer,
    Host,
    Coordinator,
}

public sealed record DemoPerson(string Key, string FirstName, DemoRole Role);

/// <summary>
/// A small community to talk to in the local web chat: a Thursday dinner with a host, a coordinator, two
/// volunteers and three participants. Their names are not stored: like anyone else, they say yes first.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, Microsoft.Extensions.Options.IOptions<BotOptions> bot, ILogger<DemoSeeder> log)
{
    public const string Channel = "web";

    /// <summary>The dinner's invite code: /start torsdag-demo in the web chat joins it.</summary>
    public const string DemoInviteCode = "torsdag-demo";

    public static IReadOnlyList<DemoPerson> People { get; } =
    [
        new("demo-anna", "Anna", DemoRole.Participant),
        new("demo-karim", "Karim", DemoRole.Participant),
        new("demo-lise", "Lise", DemoRole.Participant),
        new("demo-ali", "Ali", DemoRole.Volunteer),
        new("demo-birgit", "Birgit", DemoRole.Volunteer),
        new("demo-mette", "Mette", DemoRole.Host),
        new("demo-jonas", "Jonas", DemoRole.Coordinator),
    ];

    /// <summary>The demo community: the one its demo coordinator coordinates; null when there is none.</summary>
    public static Task<long?> CommunityIdAsync(MakkerDb db, CancellationToken ct)
    {
        var coordinator = People.First(p => p.Role == DemoRole.Coordinator).Key;
        return (from m in db.CommunityMembers
                join p in db.People on m.PersonId equals p.Id
                where p.Channel == Channel && p.ExternalId == coordinator && m.IsCoordinator
                orderby m.CommunityId
                select (long?)m.CommunityId).FirstOrDefaultAsync(ct);
    }

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Communities.AnyAsync(ct))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var community = new Community { Name = "Fællesskabet på Nørrebro", TimeZone = bot.Value.DefaultTimeZone, CreatedAt = now };
        db.Communities.Add(community);
        await db.SaveChangesAsync(ct);
        var dinner = new Activity
        {
            CommunityId = community.Id,
            Name = "Torsdagsmiddag",
            Place = "Fælleshuset, Nørrebrogade 10",
            Description = "Vi laver mad og spiser sammen. Alle er velkomne.",
            Days = WeekDays.Thursday,
            InviteCode = DemoInviteCode,
            StartsAt = new TimeOnly(17, 30),
            DurationMinutes = 150,
            CreatedAt = now,
        };
        db.Activities.Add(dinner);
        await db.SaveChangesAsync(ct);

        foreach (var demo in People)
        {
            var person = await db.People.FirstOrDefaultAsync(p => p.Channel == Channel && p.ExternalId == demo.Key, ct);
            if (person is null)
            {
                person = new Person { Channel = Channel, ExternalId = demo.Key, CreatedAt = now };
                db.People.Add(person);
                await db.SaveChangesAsync(ct);
            }
            if (demo.Role != DemoRole.Coordinator)
            {
                db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = person.Id, IsHost = demo.Role == DemoRole.Host, JoinedAt = now });
            }
            db.CommunityMembers.Add(new CommunityMember
            {
                CommunityId = community.Id,
                PersonId = person.Id,
                IsCoordinator = demo.Role == DemoRole.Coordinator,
                IsVolunteer = demo.Role == DemoRole.Volunteer,
                WillingBuddy = demo.Role == DemoRole.Volunteer,
                JoinedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);

        // Shifts for the dinner, and two volunteers to ask once they have said hello in the web chat.
        db.ShiftTemplates.AddRange(
            new ShiftTemplate { ActivityId = dinner.Id, Role = "cooking", StartsAt = new TimeOnly(15, 30), EndsAt = new TimeOnly(18, 0), Needed = 2, CreatedAt = now },
            new ShiftTemplate { ActivityId = dinner.Id, Role = "washing_up", StartsAt = new TimeOnly(19, 30), EndsAt = new TimeOnly(20, 30), Needed = 1, CreatedAt = now });
        foreach (var volunteer in People.Where(p => p.Role == DemoRole.Volunteer))
        {
            var person = await db.People.SingleAsync(p => p.Channel == Channel && p.ExternalId == volunteer.Key, ct);
            db.Volunteers.Add(new Volunteer { PersonId = person.Id, Roles = "cooking,washing_up", Frequency = VolunteerFrequency.Weekly, JoinedAt = now });
        }
        await db.SaveChangesAsync(ct);
        log.LogInformation("Seeded the demo community with {PeopleCount} people", People.Count);
    }
}

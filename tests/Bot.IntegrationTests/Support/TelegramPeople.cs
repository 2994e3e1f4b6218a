using System.Globalization;
using Makker.Features.Coordination;
using Makker.Features.Demo;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// People of the fake Telegram server put straight into the database, for tests where hundreds of onboarding
/// conversations would test nothing.
/// </summary>
public static class TelegramPeople
{
    /// <summary>A Danish speaker who has said yes to the bot keeping a little about them.</summary>
    public static Person Consented(FakeUser user, DateTimeOffset now) => new()
    {
        Channel = TelegramAddress.Channel,
        ExternalId = user.Id.ToString(CultureInfo.InvariantCulture),
        FirstName = user.FirstName,
        Language = "da",
        Consent = ConsentState.Given,
        ConsentChangedAt = now,
        CreatedAt = now,
    };

    /// <summary>
    /// Participants, volunteers for the shifts (any role, weekly) and a host of the demo community's Thursday dinner
    /// (a host with Bot:SeedDemo made it).
    /// </summary>
    public static async Task<(List<FakeUser> Participants, List<FakeUser> Volunteers, FakeUser Host)> JoinDemoDinnerAsync(Func<MakkerDb> database,
        FakeTelegramServer telegram, DateTimeOffset now, int participantCount, int volunteerCount)
    {
        var participants = Enumerable.Range(1, participantCount).Select(i => telegram.AddUser($"Deltager{i}")).ToList();
        var volunteers = Enumerable.Range(1, volunteerCount).Select(i => telegram.AddUser($"Frivillig{i}")).ToList();
        var host = telegram.AddUser("Vært");
        await using var db = database();
        var dinner = await db.Activities.SingleAsync(a => a.InviteCode == DemoSeeder.DemoInviteCode);
        Person Add(FakeUser user) => db.People.Add(Consented(user, now)).Entity;
        var people = participants.Select(Add).ToList();
        var helpers = volunteers.Select(Add).ToList();
        var hosting = Add(host);
        await db.SaveChangesAsync();
        foreach (var person in people.Concat(helpers).Append(hosting))
        {
            db.CommunityMembers.Add(new CommunityMember { CommunityId = dinner.CommunityId, PersonId = person.Id, IsVolunteer = helpers.Contains(person), JoinedAt = now });
        }
        foreach (var person in people.Append(hosting))
        {
            db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = person.Id, IsHost = person == hosting, JoinedAt = now });
        }
        db.Volunteers.AddRange(helpers.Select(h => new Volunteer { PersonId = h.Id, Roles = "cooking,washing_up", Frequency = VolunteerFrequency.Weekly, JoinedAt = now }));
        await db.SaveChangesAsync();
        return (participants, volunteers, host);
    }
}

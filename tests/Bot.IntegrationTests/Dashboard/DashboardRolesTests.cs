using System.Net;
using Makker.Features.Coordination;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's "Roller" page over real HTTP: a coordinator answers a waiting request and takes a role away, the
/// person hears about it in their chat, and both are in the audit log.
/// </summary>
public sealed class DashboardRolesTests
{
    [Fact]
    public async Task A_coordinator_approves_a_volunteer_and_later_takes_the_role_away_on_the_dashboard()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var kim = bed.Telegram.AddUser("Kim", "da");
        var lis = bed.Telegram.AddUser("Lis", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(kim);
        var lisId = await bed.ConsentedMemberAsync(lis, community);
        await using (var db = bed.Db())
        {
            db.RoleRequests.Add(new RoleRequest { CommunityId = community.Id, PersonId = lisId, Role = RoleNames.Volunteer, RequestedAt = bed.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, kim));
        var rolesPath = $"dashboard/c/{community.Id}/roles";

        var page = await browser.GetStringAsync(rolesPath);
        Assert.Contains($"data-request=\"{lisId}:{RoleNames.Volunteer}\"", page, StringComparison.Ordinal);
        var heardBefore = lis.Messages.Count(m => m.FromBot);
        var approved = await browser.PostAsync($"dashboard/c/{community.Id}/roles/decide", page,
            ("person", lisId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("role", RoleNames.Volunteer), ("answer", "approve"));
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var afterApproval = await approved.Content.ReadAsStringAsync();
        Assert.DoesNotContain($"data-request=\"{lisId}:", afterApproval, StringComparison.Ordinal);
        Assert.Contains($"data-role=\"{lisId}:{RoleNames.Volunteer}\"", afterApproval, StringComparison.Ordinal);
        await bed.AdvanceUntilAsync(() => lis.Messages.Count(m => m.FromBot) > heardBefore);

        var heardApproval = lis.Messages.Count(m => m.FromBot);
        var removed = await browser.PostAsync($"dashboard/c/{community.Id}/roles/remove", afterApproval,
            ("person", lisId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("role", RoleNames.Volunteer));
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.DoesNotContain($"data-role=\"{lisId}:{RoleNames.Volunteer}\"", await removed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bed.AdvanceUntilAsync(() => lis.Messages.Count(m => m.FromBot) > heardApproval);

        // Pressing the same button again (an old page) changes nothing and says so.
        var again = await browser.PostAsync($"dashboard/c/{community.Id}/roles/remove", afterApproval,
            ("person", lisId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("role", RoleNames.Volunteer));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Intet er ændret", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var check = bed.Db();
        var audit = await check.AuditLog.Where(a => a.CommunityId == community.Id).Select(a => a.Action).ToListAsync();
        Assert.True(audit.Count >= 2, $"the approval and the removal should be audited: {string.Join(", ", audit)}");
    }

    [Fact]
    public async Task People_who_hold_a_role_but_have_not_said_hello_yet_can_be_told_apart()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        var kim = bed.Telegram.AddUser("Kim", "da");
        var community = await bed.CoordinatorOfNewCommunityAsync(kim);
        var unnamed = new List<long>();
        await using (var db = bed.Db())
        {
            foreach (var external in new[] { "9001", "9002" })
            {
                var person = new Person { Channel = "telegram", ExternalId = external, CreatedAt = bed.Clock.GetUtcNow() };
                db.People.Add(person);
                await db.SaveChangesAsync();
                db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = person.Id, IsVolunteer = true, JoinedAt = bed.Clock.GetUtcNow() });
                unnamed.Add(person.Id);
            }
            await db.SaveChangesAsync();
        }
        using var browser = new DashboardClient(bed.Host.BaseAddress);
        await browser.LogInAsync(await DashboardClient.LinkAsync(bed, kim));

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"dashboard/c/{community.Id}/roles"));

        foreach (var id in unnamed)
        {
            Assert.Contains($"Person nr. {id} (har ikke sagt hej endnu)", page, StringComparison.Ordinal);
        }
    }
}

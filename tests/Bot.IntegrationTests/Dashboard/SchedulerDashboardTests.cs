using System.Globalization;
using System.Net;
using Makker.Features.Coordination;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>
/// Hangfire's dashboard at /hangfire: behind the dashboard's login, for the people in Bot:Operators only, read-only
/// unless Bot:OperatorsMayRetry; 401 for anyone else, logged in or not.
/// </summary>
public sealed class SchedulerDashboardTests
{
    private sealed record World(TelegramTestBed Bed, FakeUser Olga, FakeUser Jonas);

    /// <summary>Olga runs the bot (an operator, no community); Jonas coordinates the community and is no operator.</summary>
    private static async Task<World> StartAsync(bool mayRetry)
    {
        FakeUser? olga = null;
        FakeUser? jonas = null;
        var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, arrange: telegram =>
        {
            olga = telegram.AddUser("Olga", "da");
            jonas = telegram.AddUser("Jonas", "da");
            return new Dictionary<string, string>
            {
                ["Scheduler:Enabled"] = "true",
                ["Bot:Operators:0"] = olga.Id.ToString(CultureInfo.InvariantCulture),
                ["Bot:OperatorsMayRetry"] = mayRetry ? "true" : "false",
            };
        });
        foreach (var user in new[] { olga!, jonas! })
        {
            await bed.ConsentAsync(user);
        }
        await using var db = bed.Db();
        var community = new Community { Name = "Fællesskabet", CreatedAt = bed.Clock.GetUtcNow() };
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        var coordinator = db.People.Single(p => p.ExternalId == TelegramAddress.Of(jonas!.Id));
        db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = coordinator.Id, IsCoordinator = true, JoinedAt = bed.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return new World(bed, olga!, jonas!);
    }

    /// <summary>/dashboard in the chat, the link opened: a client with the session cookie.</summary>
    private static async Task<DashboardClient> LoggedInAsync(World w, FakeUser user)
    {
        var link = await DashboardClient.LinkAsync(w.Bed, user);
        var http = new DashboardClient(w.Bed.Host.BaseAddress);
        await http.LogInAsync(link);
        return http;
    }

    [Fact]
    public async Task An_operator_sees_the_scheduler_with_named_jobs_and_only_looks_unless_retrying_is_allowed()
    {
        var w = await StartAsync(mayRetry: false);
        await using var bed = w.Bed;
        using var olga = await LoggedInAsync(w, w.Olga);

        var home = await olga.GetAsync("hangfire");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var recurring = await olga.GetStringAsync("hangfire/recurring");
        Assert.Contains("Plan ahead and schedule the coming steps", recurring, StringComparison.Ordinal);
        Assert.Contains("Retention: nothing about people kept longer than needed", recurring, StringComparison.Ordinal);
        Assert.Contains("Announcement delivery reports", recurring, StringComparison.Ordinal);
        Assert.DoesNotContain("Trigger now", recurring, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_retrying_allowed_an_operator_gets_the_buttons()
    {
        var w = await StartAsync(mayRetry: true);
        await using var bed = w.Bed;
        using var olga = await LoggedInAsync(w, w.Olga);

        Assert.Contains("Trigger now", await olga.GetStringAsync("hangfire/recurring"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_else_gets_401_logged_in_or_not()
    {
        var w = await StartAsync(mayRetry: true);
        await using var bed = w.Bed;
        using var jonas = await LoggedInAsync(w, w.Jonas);
        using var stranger = w.Bed.Host.Client();

        foreach (var path in new[] { "hangfire", "hangfire/recurring", "hangfire/jobs/scheduled", "hangfire/stats" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await jonas.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await jonas.PostAsync("hangfire/recurring/trigger", null, ("jobs[]", "sweep"))).StatusCode);
        // The dashboard of his own community stays his.
        Assert.Equal(HttpStatusCode.OK, (await jonas.GetAsync("dashboard")).StatusCode);
    }
}

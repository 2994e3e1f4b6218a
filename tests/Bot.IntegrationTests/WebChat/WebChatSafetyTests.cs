using System.Net;
using System.Net.Http.Json;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Host;
using Makker.Host.Channels.WebChat;
using Makker.IntegrationTests.Support;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.WebChat;

/// <summary>
/// The web chat lets anyone who reaches it talk as any demo person: outside Development the host will not start with it
/// unless WebChat:AllowOutsideDevelopment says so, and then it answers this machine only; the demo button is a POST that
/// needs the page's token and runs the demo community's steps only.
/// </summary>
public sealed class WebChatSafetyTests
{
    [Theory]
    [InlineData("Production", false, true)]
    [InlineData("Staging", false, true)]
    [InlineData("Production", true, false)]
    [InlineData("Development", false, false)]
    public async Task Outside_Development_the_web_chat_needs_AllowOutsideDevelopment_to_start(string environment, bool allowed, bool refused)
    {
        var folder = Directory.CreateTempSubdirectory("makker-wc-").FullName;
        try
        {
            string[] args = [$"--environment={environment}", "--WebChat:Enabled=true", $"--WebChat:AllowOutsideDevelopment={allowed}",
                $"--Storage:DataDirectory={folder}", "--urls=http://127.0.0.1:0"];
            if (refused)
            {
                var e = Assert.Throws<UnsafeSettingsException>(() => MakkerHost.Build(args));
                Assert.Contains("WebChat:AllowOutsideDevelopment=true", e.Message, StringComparison.Ordinal);
            }
            else
            {
                await using var app = MakkerHost.Build(args);
            }
        }
        finally
        {
            RunningHost.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task Allowed_outside_Development_it_answers_this_machine_only()
    {
        await using var host = await RunningHost.StartAsync();
        using var http = host.Client();
        async Task<HttpStatusCode> Status(HttpMethod method, string path, string? from)
        {
            var request = new HttpRequestMessage(method, path);
            if (from is not null)
            {
                // As the trusted proxy on this machine passes on a visitor from outside.
                request.Headers.Add("X-Forwarded-For", from);
            }
            if (method == HttpMethod.Post)
            {
                request.Content = JsonContent.Create(new WebChatIncoming("/start", null, null, "Anna", "da"));
            }
            return (await http.SendAsync(request)).StatusCode;
        }

        foreach (var (method, path) in new[] { (HttpMethod.Get, ""), (HttpMethod.Get, "index.html"), (HttpMethod.Get, "chat.js"), (HttpMethod.Get, "api/webchat/people"),
            (HttpMethod.Post, "api/webchat/demo-anna/messages") })
        {
            Assert.Equal(HttpStatusCode.OK, await Status(method, path, null));
            Assert.Equal(HttpStatusCode.OK, await Status(method, path, "127.0.0.1"));
            Assert.Equal(HttpStatusCode.NotFound, await Status(method, path, "203.0.113.7"));
        }
        // Not the web chat: the rest of the host answers as before.
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Get, "healthz", "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await Status(HttpMethod.Get, "static/dashboard.css", "203.0.113.7"));
    }

    [Fact]
    public async Task The_demo_button_needs_the_pages_token_and_runs_the_demo_communitys_steps_only()
    {
        // Only the button runs steps here: the scheduler is off.
        await using var host = await RunningHost.StartAsync(new Dictionary<string, string> { ["WebChat:DemoControls"] = "true", ["Scheduler:Enabled"] = "false" });
        long other;
        await using (var db = host.Db())
        {
            // Another community's Wednesday activity: its reminder would come before the demo dinner's.
            var community = new Community { Name = "Andet sted", CreatedAt = host.Clock.GetUtcNow() };
            db.Communities.Add(community);
            await db.SaveChangesAsync();
            var activity = new Activity { CommunityId = community.Id, Name = "Havedag", InviteCode = "havedag", Days = WeekDays.Wednesday, StartsAt = new TimeOnly(10, 0), CreatedAt = host.Clock.GetUtcNow() };
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            other = activity.Id;
        }
        using var http = host.Client();
        async Task<HttpResponseMessage> PressAsync(string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/webchat/demo/next-step");
            if (token is not null)
            {
                request.Headers.Add(DemoControls.TokenHeader, token);
            }
            return await http.SendAsync(request);
        }

        // Another site's form, or a script without the page's token: refused, nothing run.
        Assert.Equal(HttpStatusCode.Forbidden, (await PressAsync(null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PressAsync("0123456789abcdef0123456789abcdef")).StatusCode);
        await using (var db = host.Db())
        {
            Assert.False(await db.OccurrenceSteps.AnyAsync(s => s.DoneAt != null));
        }
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync("api/webchat/demo/next-step")).StatusCode);

        var demo = await http.GetFromJsonAsync<WebChatDemo>("api/webchat/demo");
        var pressed = await PressAsync(demo!.Token);

        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.Equal("Torsdagsmiddag", (await pressed.Content.ReadFromJsonAsync<DemoStepResult>())!.Activity);
        await using (var db = host.Db())
        {
            var done = await (from s in db.OccurrenceSteps
                              join o in db.Occurrences on s.OccurrenceId equals o.Id
                              where s.DoneAt != null
                              select o.ActivityId).ToListAsync();
            Assert.NotEmpty(done);
            Assert.DoesNotContain(other, done);
            Assert.True(await db.Occurrences.AnyAsync(o => o.ActivityId == other), "the other activity has occurrences whose steps were left alone");
        }
    }
}

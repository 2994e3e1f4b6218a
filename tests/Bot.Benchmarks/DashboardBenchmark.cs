using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Hangfire;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Participation;
using Makker.Scheduling;
using Makker.Storage;
using Makker.Telegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Activity = Makker.Features.Participation.Activity;

namespace Makker.Benchmarks;

/// <summary>
/// The coordinators' dashboard over real HTTP on the real host, with one coordinator of a community that holds every
/// activity and person (the worst case for its page: every activity's charts at once) and twelve past weeks of answers
/// and check-ins. Each page is fetched in a row, as one coordinator clicking through, first with the past weeks still
/// counted from the rows and then once they are folded (as the nightly fold leaves them), after the host's first sweep.
/// </summary>
public static partial class DashboardBenchmark
{
    public sealed record Options(int People, int Activities, int Requests);

    /// <param name="Bytes">The page's HTML, as sent.</param>
    public sealed record PageResult(string Page, string Weeks, int Bytes, Latencies Latency, double CpuPercent, double OthersPercent);

    public sealed record Result(string Storage, int People, int Activities, int PastOccurrences, int Rsvps, int CheckIns, double SeedSeconds, IReadOnlyList<PageResult> Pages);

    private const int PastWeeks = DashboardQueries.ChartWeeks;
    private const int ComingPerOccurrence = 10;

    public static async Task<Result> RunAsync(BenchStorage storage, Options o, TextWriter log)
    {
        await using var database = await BenchDatabase.CreateAsync(storage);
        var seedSeconds = 0.0;
        (long Community, long Coordinator, int Occurrences, int Rsvps, int CheckIns) seeded = default;
        var planned = new ScaleBenchmark.JobRuns();
        await using var bed = await BenchBed.StartAsync(database, ownsDatabase: false, beforeStart: async (services, telegram) =>
        {
            var clock = Stopwatch.StartNew();
            var chats = Enumerable.Range(0, o.People).Select(i => telegram.AddUser("Deltager", "da").Id).ToList();
            seeded = await SeedAsync(services.GetRequiredService<IDbContextFactory<MakkerDb>>(), chats, o.Activities);
            seedSeconds = clock.Elapsed.TotalSeconds;
            log.WriteLine($"  seeded {Format.N(o.People)} people, {Format.N(o.Activities)} activities, {Format.N(seeded.Occurrences)} past occurrences, "
                + $"{Format.N(seeded.Rsvps)} answers and {Format.N(seeded.CheckIns)} check-ins in {Format.N(seedSeconds, 1)} s");
            // Hangfire's filters are process-wide; this process runs one host at a time.
            GlobalJobFilters.Filters.Add(new ScaleBenchmark.JobTimes(new Dictionary<Type, ScaleBenchmark.JobRuns> { [typeof(SweepJob)] = planned }));
        });
        // The pages are measured as a coordinator meets them on a running host, not while its first sweep plans the
        // week for every activity at start-up (that made the database busy with thousands of inserts).
        var sweep = await planned.FirstRunAsync(TimeSpan.FromMinutes(10));
        log.WriteLine($"  the first sweep planned the week in {Format.N(sweep, 1)} s");
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(bed.WebhookUrl.GetLeftPart(UriPartial.Authority)) };
        // The dashboard's cookies are Secure; behind the proxy a deployment has, the request says it came over HTTPS.
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var cookies = await LogInAsync(bed, http, seeded.Coordinator);

        string[] paths =
        [
            "dashboard",
            $"dashboard/c/{seeded.Community}",
            $"dashboard/c/{seeded.Community}/roles",
            $"dashboard/c/{seeded.Community}/broadcasts",
            $"dashboard/c/{seeded.Community}/audit",
        ];
        var pages = new List<PageResult>();
        foreach (var path in paths)
        {
            pages.Add(await MeasureAsync(http, cookies, path, "counted from the rows", o.Requests));
            log.WriteLine($"  {path} (unfolded): p50 {Format.N(pages[^1].Latency.P50, 1)} ms");
        }
        await using (var db = bed.Db())
        {
            var folded = await bed.Services.GetRequiredService<EvaluationNumbers>().FoldAsync(db, DateTimeOffset.UtcNow, CancellationToken.None);
            log.WriteLine($"  folded {Format.N(folded)} periods");
        }
        pages.Add(await MeasureAsync(http, cookies, $"dashboard/c/{seeded.Community}", "folded", o.Requests));
        log.WriteLine($"  community page (folded): p50 {Format.N(pages[^1].Latency.P50, 1)} ms");
        return new Result(database.Name, o.People, o.Activities, seeded.Occurrences, seeded.Rsvps, seeded.CheckIns, seedSeconds, pages);
    }

    private static async Task<PageResult> MeasureAsync(HttpClient http, string cookies, string path, string weeks, int requests)
    {
        // Warm-up, not counted: the page's first compile, the query plans, the database's page cache.
        for (var i = 0; i < 3; i++)
        {
            await GetAsync(http, cookies, path);
        }
        var times = new List<double>(requests);
        var bytes = 0;
        var window = new CpuWindow();
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            bytes = (await GetAsync(http, cookies, path)).Length;
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new PageResult("/" + path, weeks, bytes, Latencies.Of(times), window.CpuPercent, window.OthersPercent);
    }

    private static async Task<byte[]> GetAsync(HttpClient http, string cookies, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{path} answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>
    /// Logs in as a coordinator does, through a login link's page and its one button. The link is made here rather
    /// than asked for in the chat, so the benchmark needs no conversation; it is stored as /dashboard stores it.
    /// </summary>
    private static async Task<string> LogInAsync(BenchBed bed, HttpClient http, long coordinator)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using (var db = bed.Db())
        {
            db.DashboardLogins.Add(new DashboardLogin
            {
                TokenHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))),
                PersonId = coordinator,
                CreatedAt = DateTimeOffset.UtcNow,
                ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10),
            });
            await db.SaveChangesAsync();
        }
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        using var page = await http.GetAsync($"dashboard/login?token={token}");
        Keep(page, cookies);
        var html = await page.Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(html);
        if (!antiforgery.Success)
        {
            throw new InvalidOperationException($"The login page had no form ({(int)page.StatusCode}).");
        }
        using var post = new HttpRequestMessage(HttpMethod.Post, "dashboard/login")
        {
            Content = new FormUrlEncodedContent([new("token", token), new("__RequestVerificationToken", WebUtility.HtmlDecode(antiforgery.Groups[1].Value))]),
        };
        post.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        using var answer = await http.SendAsync(post);
        Keep(answer, cookies);
        if (answer.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Logging in answered {(int)answer.StatusCode}.");
        }
        return string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));
    }

    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';')[0];
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            cookies[pair[..at]] = pair[(at + 1)..];
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>
    /// One community with every activity; each activity has its members, a host, and one meeting a week for the twelve
    /// weeks past with ten people coming, two saying "not today" and five answering the check-in.
    /// </summary>
    private static async Task<(long Community, long Coordinator, int Occurrences, int Rsvps, int CheckIns)> SeedAsync(
        IDbContextFactory<MakkerDb> dbs, IReadOnlyList<long> chats, int activityCount)
    {
        var now = DateTimeOffset.UtcNow;
        var community = new Community { Name = "Fællesskabet", CreatedAt = now.AddDays(-7 * (PastWeeks + 1)) };
        var activities = new List<Activity>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            db.Communities.Add(community);
            await db.SaveChangesAsync();
            activities.AddRange(Enumerable.Range(0, activityCount).Select(i => new Activity
            {
                CommunityId = community.Id,
                Name = $"Aktivitet {i + 1}",
                Place = "Fælleshuset",
                Days = (WeekDays)(1 << (i % 7)),
                StartsAt = new TimeOnly(17, 30),
                DurationMinutes = 120,
                CreatedAt = community.CreatedAt,
            }));
            db.Activities.AddRange(activities);
            await db.SaveChangesAsync();
        }

        var perActivity = chats.Count / activityCount;
        var ids = await ScaleBenchmark.SeedMembersAsync(dbs, chats, activities, community.CreatedAt, _ => "Deltager", _ => "da");
        var members = Enumerable.Range(0, activityCount).Select(a => ids.AsSpan(a * perActivity, perActivity).ToArray()).ToArray();
        var hosts = members.Select(m => m[0]).ToList();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            // Each activity's first member hosts it, and the very first person coordinates the community.
            await db.ActivityMembers.Where(m => hosts.Contains(m.PersonId)).ExecuteUpdateAsync(u => u.SetProperty(m => m.IsHost, true));
            await db.CommunityMembers.Where(m => m.PersonId == ids[0]).ExecuteUpdateAsync(u => u.SetProperty(m => m.IsCoordinator, true));
        }

        var occurrences = 0;
        var rsvps = 0;
        var checkIns = 0;
        for (var start = 0; start < activityCount; start += 50)
        {
            await using var db = await dbs.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var past = new List<(Occurrence Occurrence, int Activity)>();
            for (var a = start; a < Math.Min(start + 50, activityCount); a++)
            {
                for (var w = 1; w <= PastWeeks; w++)
                {
                    var at = now.AddDays(-7 * w).AddHours(-(a % 7));
                    past.Add((new Occurrence { ActivityId = activities[a].Id, StartsAt = at, EndsAt = at.AddHours(2), CreatedAt = at.AddDays(-7) }, a));
                }
            }
            db.Occurrences.AddRange(past.Select(p => p.Occurrence));
            await db.SaveChangesAsync();
            foreach (var (occurrence, a) in past)
            {
                for (var k = 0; k < ComingPerOccurrence + 2; k++)
                {
                    // Different people each week, so the distinct counts are not all the same.
                    var person = members[a][(k + (int)(occurrence.Id % 7)) % members[a].Length];
                    db.Rsvps.Add(new Rsvp { OccurrenceId = occurrence.Id, PersonId = person, Answer = k < ComingPerOccurrence ? RsvpAnswer.Coming : RsvpAnswer.NotToday, AnsweredAt = occurrence.StartsAt.AddDays(-1) });
                    rsvps++;
                    if (k < 5)
                    {
                        db.CheckIns.Add(new CheckIn
                        {
                            OccurrenceId = occurrence.Id,
                            PersonId = person,
                            Variant = "participant",
                            QuestionId = "today",
                            AskedAt = occurrence.EndsAt,
                            AnswerId = k % 2 == 0 ? "good" : "okay",
                            AnsweredAt = occurrence.EndsAt.AddMinutes(10),
                        });
                        checkIns++;
                    }
                }
            }
            await db.SaveChangesAsync();
            occurrences += past.Count;
        }
        return (community.Id, members[0][0], occurrences, rsvps, checkIns);
    }
}

using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Makker.Testing.FakeTelegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// The real host talking to the fake Telegram server over loopback, both on one fake clock. Tests move the
/// clock forward only as far as they need (the bot's rate limits and retries wait on it).
/// </summary>
public sealed class TelegramTestBed : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private readonly TelegramReceiveMode _mode;
    private readonly FakeTimeSteps _steps;
    private readonly string? _postgres;

    private TelegramTestBed(FakeTelegramServer telegram, RunningHost host, FakeTimeProvider clock, Dictionary<string, string> settings,
        TelegramReceiveMode mode, string? postgres)
    {
        _postgres = postgres;
        Telegram = telegram;
        Host = host;
        Clock = clock;
        _settings = settings;
        _mode = mode;
        _steps = new FakeTimeSteps(telegram, by =>
        {
            clock.Advance(by);
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(100));
    }

    public FakeTelegramServer Telegram { get; }
    public RunningHost Host { get; private set; }
    public FakeTimeProvider Clock { get; }

    public static async Task<TelegramTestBed> StartAsync(TelegramReceiveMode mode, IDictionary<string, string>? settings = null,
        Func<FakeTelegramServer, IDictionary<string, string>>? arrange = null, Microsoft.Extensions.Logging.ILoggerProvider? logs = null,
        StorageProvider storage = StorageProvider.Sqlite)
    {
        // The bed, not the host, owns the database: a restarted host must find the same one.
        var postgres = storage == StorageProvider.PostgreSQL ? await TestPostgres.NewDatabaseAsync() : null;
        var clock = RunningHost.NewClock();
        var telegram = await FakeTelegramServer.StartAsync(clock);
        var arranged = arrange?.Invoke(telegram);
        var port = Loopback.FreePort();
        var all = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Telegram:BotToken"] = telegram.Token,
            ["Telegram:ApiBaseUrl"] = telegram.ApiBaseUrl.ToString().TrimEnd('/'),
            ["Telegram:Mode"] = mode.ToString(),
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "3",
            ["Bot:SeedDemo"] = "false",
            // These tests are about the channel; nudges have their own tests, so nothing else sends on its own.
            ["Scheduler:Enabled"] = "false",
            ["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("makker-tg-").FullName,
            ["WebChat:Enabled"] = "false",
        };
        if (postgres is not null)
        {
            all["Storage:Provider"] = "PostgreSQL";
            all["Storage:ConnectionString"] = postgres;
        }
        if (mode == TelegramReceiveMode.Webhook)
        {
            all["Telegram:PublicUrl"] = $"http://127.0.0.1:{port}";
        }
        foreach (var (k, v) in (settings ?? new Dictionary<string, string>()).Concat(arranged ?? new Dictionary<string, string>()))
        {
            all[k] = v;
        }
        var host = await RunningHost.StartAsync(all, clock, logs);
        var bed = new TelegramTestBed(telegram, host, clock, all, mode, postgres);
        await bed.WaitUntilReadyAsync(0);
        return bed;
    }

    /// <summary>Stops the host as a crash would leave things (pending rows, unconfirmed updates) and starts a new one on the same data.</summary>
    public async Task RestartHostAsync()
    {
        var menusBefore = Telegram.CallsTo("setMyCommands").Count(c => c.Succeeded);
        await Host.DisposeAsync();
        Host = await RunningHost.StartAsync(_settings, Clock);
        await WaitUntilReadyAsync(menusBefore);
    }

    /// <summary>Ready when the bot has introduced itself: menu set, and the webhook registered or a poll waiting.</summary>
    private Task WaitUntilReadyAsync(int menusBefore) =>
        AdvanceUntilAsync(() => Telegram.CallsTo("setMyCommands").Count(c => c.Succeeded) >= menusBefore + 3
            && (_mode == TelegramReceiveMode.Webhook ? Telegram.WebhookUrl is not null : Telegram.IsLongPolling));

    /// <summary>
    /// A new Telegram user's /start (with a deep-link payload if given) and the yes to storing a little about them,
    /// as the onboarding asks, in <paramref name="language"/> (the one their app's language gives); returns once the
    /// bot has thanked them.
    /// </summary>
    public Task ConsentAsync(FakeUser user, string start = "/start", string language = Languages.Danish)
    {
        var onboarding = Host.Services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding);
        var thanks = onboarding.Steps["ready"].Say!.For(language);
        return _steps.ConsentAsync(user, onboarding.Steps["consent"].Buttons.Single(b => b.Id == "yes").Label.For(language), start,
            thanks[..thanks.IndexOf("{firstName}", StringComparison.Ordinal)]);
    }

    /// <summary>The person says yes on Telegram and becomes the coordinator of a new community, "Fællesskabet".</summary>
    public async Task<Community> CoordinatorOfNewCommunityAsync(FakeUser user)
    {
        await ConsentAsync(user);
        var community = new Community { Name = "Fællesskabet", CreatedAt = Clock.GetUtcNow() };
        await using (var db = Db())
        {
            db.Communities.Add(community);
            await db.SaveChangesAsync();
        }
        await MemberAsync(user, community, coordinator: true);
        return community;
    }

    /// <summary>The person says yes on Telegram and joins the community (as a coordinator if asked); their person id.</summary>
    public async Task<long> ConsentedMemberAsync(FakeUser user, Community community, bool coordinator = false)
    {
        await ConsentAsync(user);
        return await MemberAsync(user, community, coordinator);
    }

    private async Task<long> MemberAsync(FakeUser user, Community community, bool coordinator)
    {
        await using var db = Db();
        var address = TelegramAddress.Of(user.Id);
        var person = await db.People.SingleAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == address);
        db.CommunityMembers.Add(new CommunityMember { CommunityId = community.Id, PersonId = person.Id, IsCoordinator = coordinator, JoinedAt = Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return person.Id;
    }

    /// <summary>
    /// Moves the fake clock forward in small steps until the condition holds, giving the bot a moment of real
    /// time after each step to do what became due. Fails after <paramref name="within"/> of fake time.
    /// </summary>
    public Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? within = null) => _steps.UntilAsync(condition, within);

    /// <summary>Lets fake time pass (for checking that something does not happen).</summary>
    public Task LetTimePassAsync(TimeSpan span) => _steps.PassAsync(span);

    public MakkerDb Db() => Host.Db();


    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Telegram.DisposeAsync();
        RunningHost.DeleteFolder(_settings["Storage:DataDirectory"]);
        if (_postgres is not null)
        {
            await TestPostgres.ReturnAsync(_postgres);
        }
    }
}

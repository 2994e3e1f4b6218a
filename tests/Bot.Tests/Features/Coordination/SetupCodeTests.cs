using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Makker.Tests.Features.Coordination;

/// <summary>The first coordinator: from Bot:Coordinators, or from the one-time code the host logs when nobody can set up.</summary>
public class SetupCodeTests : RunsOnBothDatabases
{
    private async Task<(ConversationHarness H, CapturedLog Log)> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var log = new CapturedLog();
        var h = await ConversationHarness.StartAsync(Provider, settings, s => s.AddSingleton<ILoggerProvider>(log));
        return (h, log);
    }

    [SkippableFact]
    public async Task The_logged_code_makes_one_person_able_to_create_communities_and_works_only_once()
    {
        var (h, log) = await StartAsync();
        await using var _ = h;
        var entry = Assert.Single(log.Warnings);
        var code = (string)entry.State["Code"]!;
        Assert.Matches("^[a-z0-9]{12}$", code);
        Assert.Equal($"Send /start setup-{code} to the bot to become the first coordinator", entry.Message);
        await using (var db = h.Db())
        {
            // Only the hash is kept.
            var row = await db.SetupCodes.SingleAsync();
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code))), row.CodeHash);
        }

        await h.ConsentAsync("bo");
        Assert.Equal([h.T(CoordinationTexts.CannotCreateCommunity)], (await h.Send("bo", "/newcommunity")).Texts);
        var redeemed = await h.Send("bo", "/start setup-" + code);
        Assert.Equal([h.T(CoordinationTexts.SetupDone).Replace("{firstName}", "Bo")], redeemed.Texts);
        Assert.Equal(WizardKit.Ask(h, DialogIds.NewCommunity, "name"), (await h.Send("bo", "/newcommunity")).Last);

        await h.ConsentAsync("carl");
        Assert.Equal([h.T(CoordinationTexts.SetupWrong)], (await h.Send("carl", "/start setup-" + code)).Texts);
        Assert.Equal([h.T(CoordinationTexts.CannotCreateCommunity)], (await h.Send("carl", "/newcommunity")).Texts);
    }

    [SkippableFact]
    public async Task A_code_in_the_deep_link_of_someone_new_is_redeemed_after_the_yes()
    {
        var (h, log) = await StartAsync();
        await using var _ = h;
        var code = (string)Assert.Single(log.Warnings).State["Code"]!;

        await h.Send("dorte", "/start setup-" + code);
        var yes = await h.Press("dorte", "Ja, det er fint");

        Assert.Contains(h.T(CoordinationTexts.SetupDone).Replace("{firstName}", "Dorte"), yes.Texts);
    }

    [SkippableFact]
    public async Task A_wrong_code_gets_a_friendly_no_and_changes_nothing()
    {
        var (h, _) = await StartAsync();
        await using var __ = h;
        await h.ConsentAsync("bo");

        Assert.Equal([h.T(CoordinationTexts.SetupWrong)], (await h.Send("bo", "/start setup-abcdefghij12")).Texts);
        Assert.Equal([h.T(CoordinationTexts.SetupWrong)], (await h.Send("bo", "/start setup-")).Texts);
        await using var db = h.Db();
        Assert.False(await db.PersonCapabilities.AnyAsync());
        Assert.Null((await db.SetupCodes.SingleAsync()).RedeemedAt);
    }

    [SkippableFact]
    public async Task No_code_is_made_when_configuration_names_a_coordinator_and_that_telegram_user_may_create_communities()
    {
        var (h, log) = await StartAsync(new Dictionary<string, string?> { ["Bot:Coordinators:0"] = "4242" });
        await using var _ = h;
        Assert.Empty(log.Warnings);
        await using (var db = h.Db())
        {
            Assert.False(await db.SetupCodes.AnyAsync());
            // The same id on another channel is somebody else.
            db.People.Add(new Person { Channel = "telegram", ExternalId = "4242", FirstName = "Tove", Consent = ConsentState.Given, CreatedAt = h.Clock.GetUtcNow() });
            db.People.Add(new Person { Channel = "web", ExternalId = "4242", FirstName = "Web", Consent = ConsentState.Given, CreatedAt = h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        Assert.Equal(WizardKit.Ask(h, DialogIds.NewCommunity, "name"), await TurnAsync(h, "telegram", "/newcommunity"));
        Assert.Equal(h.T(CoordinationTexts.CannotCreateCommunity), await TurnAsync(h, "web", "/newcommunity"));
    }

    [SkippableFact]
    public async Task No_new_code_once_a_community_has_a_coordinator()
    {
        var (h, log) = await StartAsync();
        await using var _ = h;
        Assert.Single(log.Warnings);
        var world = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(world).MakeCoordinatorAsync("jonas");

        await h.RestartAsync();

        Assert.Single(log.Warnings);
    }

    [SkippableFact]
    public async Task A_code_works_for_24_hours_and_a_restart_after_that_logs_a_new_one()
    {
        var (h, log) = await StartAsync();
        await using var _ = h;
        var code = (string)Assert.Single(log.Warnings).State["Code"]!;
        await h.ConsentAsync("bo");
        h.Clock.Advance(SetupCodes.Lifetime);

        Assert.Equal([h.T(CoordinationTexts.SetupWrong)], (await h.Send("bo", "/start setup-" + code)).Texts);
        await using (var db = h.Db())
        {
            Assert.False(await db.PersonCapabilities.AnyAsync());
        }
        // The daily clean-up takes the run-out code away; the next start logs a new one, which works.
        await h.Services.GetRequiredService<Makker.Features.Privacy.Retention>().RunAsync(h.Clock.GetUtcNow(), CancellationToken.None);
        await using (var db = h.Db())
        {
            Assert.False(await db.SetupCodes.AnyAsync());
        }
        await h.RestartAsync();
        var fresh = (string)log.Warnings[^1].State["Code"]!;
        Assert.NotEqual(code, fresh);
        Assert.Equal([h.T(CoordinationTexts.SetupDone).Replace("{firstName}", "Bo")], (await h.Send("bo", "/start setup-" + fresh)).Texts);
    }

    [SkippableFact]
    public async Task An_unused_code_is_deleted_as_soon_as_someone_can_set_up()
    {
        var (h, log) = await StartAsync();
        await using var _ = h;
        var code = (string)Assert.Single(log.Warnings).State["Code"]!;
        var world = await ParticipationWorld.CreateAsync(h);
        await new VolunteerWorld(world).MakeCoordinatorAsync("jonas");

        // The next start finds a coordinator: no new code, and the old one is gone from the database.
        await h.RestartAsync();

        Assert.Single(log.Warnings);
        await using (var db = h.Db())
        {
            Assert.False(await db.SetupCodes.AnyAsync());
        }
        await h.ConsentAsync("bo");
        Assert.Equal([h.T(CoordinationTexts.SetupWrong)], (await h.Send("bo", "/start setup-" + code)).Texts);
    }

    private static async Task<string> TurnAsync(ConversationHarness h, string channel, string text)
    {
        await h.Engine.HandleAsync(new IncomingMessage(new PersonKey(channel, "4242"), h.Clock.GetUtcNow()) { Text = text });
        await using var db = h.Db();
        return (await db.Outbox.Where(o => o.Channel == channel && o.Address == "4242").OrderBy(o => o.Id).LastAsync()).Text;
    }
}

/// <summary>Keeps what the set-up codes logged at Warning and above, with its structured fields.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    public sealed record Entry(string Message, IReadOnlyDictionary<string, object?> State);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Warnings => _entries.ToList();

    // Only the set-up codes' own lines: start-up warns of other things too (a language not yet reviewed).
    public ILogger CreateLogger(string categoryName) =>
        categoryName == typeof(SetupCodes).FullName ? new Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToDictionary(p => p.Key, p => p.Value) : [];
            owner._entries.Enqueue(new Entry(formatter(state, exception), fields));
        }
    }
}

public sealed class SetupCodeTestsOnPostgres : SetupCodeTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

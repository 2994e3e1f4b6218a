using System.Text.Json;
using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Storage;
using Makker.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Makker.Tests.Harness;

/// <summary>
/// "Send this, expect these replies": the real engine, the real dialogs and a real database (a SQLite file in a
/// temporary folder, or a PostgreSQL database of its own), with a fake clock.
/// </summary>
public sealed class ConversationHarness : IAsyncDisposable
{
    public const string Channel = "test";

    private ServiceProvider _services;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _extra;
    private readonly string? _postgres;

    private ConversationHarness(string folder, string? postgres, Dictionary<string, string?> settings, FakeTimeProvider clock, Action<IServiceCollection>? extra)
    {
        Folder = folder;
        _postgres = postgres;
        _settings = settings;
        Clock = clock;
        _extra = extra;
        _services = Build();
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _services;

    public static string DialogsDirectory => Path.Combine(AppContext.BaseDirectory, "dialogs");

    /// <param name="extra">More services, e.g. a command only a test has, for an engine feature no real command uses yet.</param>
    public static async Task<ConversationHarness> StartAsync(StorageProvider provider = StorageProvider.Sqlite,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? extra = null)
    {
        var postgres = provider == StorageProvider.PostgreSQL ? await TestPostgres.NewDatabaseAsync() : null;
        var folder = Directory.CreateTempSubdirectory("makker-test-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = folder,
            ["Bot:DialogsDirectory"] = DialogsDirectory,
            // Reading aloud adds a button under nudges and check-ins; its own tests switch it on.
            ["Speech:Enabled"] = "false",
        };
        if (postgres is not null)
        {
            all["Storage:Provider"] = "PostgreSQL";
            all["Storage:ConnectionString"] = postgres;
        }
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        // A Tuesday morning in Copenhagen, far from any daylight-saving change.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var harness = new ConversationHarness(folder, postgres, all, clock, extra);
        await harness._services.PrepareMakkerAsync();
        return harness;
    }

    private ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddMakkerCore(configuration, Folder);
        services.AddSingleton<TimeProvider>(Clock);
        _extra?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Like a process restart: new engine, new caches, same database.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
        await _services.PrepareMakkerAsync();
    }

    public ConversationEngine Engine => _services.GetRequiredService<ConversationEngine>();

    /// <summary>A second process on the same database, as when several instances run side by side.</summary>
    public ServiceProvider StartOtherInstance() => Build();

    public IncomingMessage Text(string who, string text, string language = "da") =>
        new(Key(who), Clock.GetUtcNow()) { Text = text, FirstName = Capitalise(who), LanguageHint = language };

    public static PersonKey Key(string who) => new(Channel, who);

    /// <summary>A text as the person reads it, straight from the dialog files.</summary>
    public string T(string key, string language = Languages.Danish) =>
        _services.GetRequiredService<DialogCatalog>().Text(key, language);

    /// <summary>/start and the yes button: the person has given consent.</summary>
    public async Task ConsentAsync(string who, string language = Languages.Danish)
    {
        await Send(who, "/start", language: language);
        var yes = _services.GetRequiredService<DialogCatalog>().Dialog(DialogIds.Onboarding).Steps["consent"].Buttons.Single(b => b.Id == "yes");
        await Press(who, yes.Label.For(language), language);
    }

    public Task<Replies> Send(string who, string text, string? firstName = null, string language = "da") =>
        Turn(who, new IncomingMessage(Key(who), Clock.GetUtcNow()) { Text = text, FirstName = firstName ?? Capitalise(who), LanguageHint = language });

    /// <summary>Presses the button with this label on the newest message to this person that shows it.</summary>
    public async Task<Replies> Press(string who, string label, string language = "da")
    {
        var (messageId, button) = await FindButtonAsync(who, label);
        return await PressPayload(who, button.Payload, messageId, language);
    }

    public Task<Replies> PressPayload(string who, string payload, long? messageId, string language = "da") =>
        Turn(who, new IncomingMessage(Key(who), Clock.GetUtcNow()) { ButtonPayload = payload, ButtonMessageId = messageId, FirstName = Capitalise(who), LanguageHint = language });

    public async Task<(long MessageId, Button Button)> FindButtonAsync(string who, string label)
    {
        await using var db = Db();
        var messages = await db.Outbox.Where(o => o.Channel == Channel && o.Address == who && o.ButtonsJson != null && o.EditsMessageId == null)
            .OrderByDescending(o => o.Id).ToListAsync();
        foreach (var m in messages)
        {
            var button = Replies.ParseButtons(m.ButtonsJson).SelectMany(r => r).FirstOrDefault(b => b.Label == label);
            if (button is not null)
            {
                return (m.Id, button);
            }
        }
        throw new InvalidOperationException($"No message to {who} has a button '{label}'.");
    }

    private async Task<Replies> Turn(string who, IncomingMessage message)
    {
        long before;
        await using (var db = Db())
        {
            before = await db.Outbox.MaxAsync(o => (long?)o.Id) ?? 0;
        }
        var result = await Engine.HandleAsync(message);
        await using var after = Db();
        var rows = await after.Outbox.Where(o => o.Id > before && o.Channel == Channel && o.Address == who).OrderBy(o => o.Id).ToListAsync();
        return new Replies(rows, result.ButtonAnswer);
    }

    /// <summary>
    /// Looks through every table of the real database: any column that refers to a person, and any text column
    /// holding the channel address. New tables are covered without changing this test.
    /// </summary>
    public int CountRowsMentioning(long personId, string address)
    {
        using var db = Db();
        var connection = db.Database.GetDbConnection();
        connection.Open();
        var columns = new List<(string Table, string Name, bool IsText)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = _postgres is null
                ? """
                  SELECT m.name, c.name, c.type = 'TEXT' FROM sqlite_master m JOIN pragma_table_info(m.name) c
                  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__EFMigrationsHistory'
                  """
                : """
                  SELECT table_name, column_name, data_type IN ('text', 'character varying') FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
                  """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                columns.Add((r.GetString(0), r.GetString(1), r.GetBoolean(2)));
            }
        }
        Assert.Contains(columns, c => c.Table == "people");
        var total = 0;
        foreach (var (table, name, isText) in columns)
        {
            string? where = null;
            if (name.EndsWith("PersonId", StringComparison.Ordinal) || (table == "people" && name == "Id"))
            {
                where = $"\"{name}\" = {personId}";
            }
            else if (isText)
            {
                where = $"\"{name}\" = '{address}'";
            }
            if (where is null)
            {
                continue;
            }
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\" WHERE {where}";
            total += Convert.ToInt32(count.ExecuteScalar());
        }
        return total;
    }

    public MakkerDb Db() => _services.GetRequiredService<IDbContextFactory<MakkerDb>>().CreateDbContext();

    private static string Capitalise(string who) => char.ToUpperInvariant(who[0]) + who[1..];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_postgres is not null)
        {
            await TestPostgres.ReturnAsync(_postgres);
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

public sealed class Replies(IReadOnlyList<OutboxMessage> rows, string? buttonAnswer)
{
    public IReadOnlyList<OutboxMessage> Rows { get; } = rows;
    public string? ButtonAnswer { get; } = buttonAnswer;

    /// <summary>New messages only (edits of earlier messages are in <see cref="Edits"/>, command menus in <see cref="Menus"/>).</summary>
    public IReadOnlyList<OutboxMessage> Messages => Rows.Where(r => r.EditsMessageId is null && r.Kind == OutboxKind.Message).ToList();
    public IReadOnlyList<OutboxMessage> Edits => Rows.Where(r => r.EditsMessageId is not null).ToList();

    /// <summary>The command menus this turn queued for the person, as the commands they list (empty: back to the default).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Menus =>
        Rows.Where(r => r.Kind == OutboxKind.CommandMenu).Select(r => (IReadOnlyList<string>)CommandMenu.Parse(r.Text).Select(e => e.Command).ToList()).ToList();
    public IReadOnlyList<string> Texts => Messages.Select(m => m.Text).ToList();
    public string Last => Messages[^1].Text;
    public string All => string.Join("\n---\n", Texts);

    public IReadOnlyList<string> ButtonLabels => Messages.SelectMany(m => ParseButtons(m.ButtonsJson)).SelectMany(r => r).Select(b => b.Label).ToList();

    public static IReadOnlyList<IReadOnlyList<Button>> ParseButtons(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<List<Button>>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public override string ToString() => All;
}

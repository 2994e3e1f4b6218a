using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Help;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Help;

/// <summary>
/// Each person's commands follow their roles, in /help and, on a channel with a command menu, in their own menu,
/// which is queued in the outbox whenever their roles or language change, and only then.
/// </summary>
public class CommandMenuTests : RunsOnBothDatabases, IAsyncLifetime
{
    private static readonly string[] ParticipantMenu = ["help", "pause", "resume", "language", "mydata"];

    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;
    private readonly SelectRecorder _selects = new();
    private VolunteerWorld _v = null!;

    public async Task InitializeAsync()
    {
        // The test channel gets menus, as Telegram does.
        _h = await ConversationHarness.StartAsync(Provider, extra: s =>
        {
            s.AddSingleton(new ChannelTraits(ConversationHarness.Channel, HasCommandMenu: true));
            s.ConfigureDbContext<MakkerDb>(o => o.AddInterceptors(_selects));
        });
        _w = await ParticipationWorld.CreateAsync(_h);
        _v = new VolunteerWorld(_w);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<IReadOnlyList<IReadOnlyList<string>>> MenusOfAsync(string who)
    {
        await using var db = _h.Db();
        var rows = await db.Outbox.Where(o => o.Address == who && o.Kind == OutboxKind.CommandMenu).OrderBy(o => o.Id).ToListAsync();
        return rows.Select(r => (IReadOnlyList<string>)CommandMenu.Parse(r.Text).Select(e => e.Command).ToList()).ToList();
    }

    /// <summary>
    /// Roles given straight in the database skip what a turn or the dashboard does after a change of roles (a new menu,
    /// which /help follows too). Forgetting the menu's key does what that would: their next turn builds it again.
    /// </summary>
    private async Task RolesChangedOutsideATurnAsync(params string[] who)
    {
        await using var db = _h.Db();
        await db.People.Where(p => who.Contains(p.ExternalId)).ExecuteUpdateAsync(s => s.SetProperty(p => p.MenuKey, (string?)null));
    }

    /// <summary>Coordinator Jonas makes Anna a host of the dinner, as a coordinator does it in the chat.</summary>
    private async Task JonasAppointsAnnaHostAsync()
    {
        await _h.Send("jonas", "/appoint");
        await _h.PressShownAsync("jonas", "Anna");
        await _h.PressShownAsync("jonas", "Vært for Torsdagsmiddag");
    }

    private async Task<IReadOnlyList<string>> HelpCommandsAsync(string who)
    {
        var help = await _h.Send(who, "/help");
        return help.Last.Split('\n').Skip(1).Select(line => line.Split(' ')[0]).ToList();
    }

    [SkippableFact]
    public async Task Saying_yes_gives_a_participant_menu_and_ordinary_turns_send_no_new_one()
    {
        var start = await _h.Send("anna", "/start");
        Assert.Empty(start.Menus);

        await _h.ConsentAsync("anna");
        await _h.Send("anna", "Hej");
        await _h.Send("anna", "/mydata");
        await _h.Send("anna", "/pause");

        var menu = Assert.Single(await MenusOfAsync("anna"));
        Assert.Equal(ParticipantMenu, menu);
        await using var db = _h.Db();
        Assert.Equal("da:2", (await db.People.SingleAsync(p => p.ExternalId == "anna")).MenuKey);
    }

    [SkippableFact]
    public async Task A_participants_help_lists_only_a_participants_commands()
    {
        await _w.JoinAsync("anna");

        var commands = await HelpCommandsAsync("anna");

        Assert.Equal(["/pause", "/resume", "/language", "/mydata", "/buddy", "/cancel", "/forget", "/help_out", "/idea", "/leave", "/volunteer"], commands);
        Assert.Equal($"/pause – {_h.T("command.pause")}", (await _h.Send("anna", "/help")).Last.Split('\n')[1]);
    }

    [SkippableFact]
    public async Task A_host_also_has_today_and_a_coordinator_also_theirs()
    {
        await _w.MakeHostAsync("mette");
        await _v.MakeCoordinatorAsync("jonas");
        await RolesChangedOutsideATurnAsync("mette", "jonas");

        Assert.Contains("/today", await HelpCommandsAsync("mette"));
        Assert.DoesNotContain("/announce", await HelpCommandsAsync("mette"));
        var coordinator = await HelpCommandsAsync("jonas");
        Assert.Equal(["/report", "/announce", "/dashboard", "/invite", "/newactivity", "/newshift", "/appoint", "/newcommunity"],
            coordinator.Where(c => c is "/report" or "/announce" or "/dashboard" or "/invite" or "/newactivity" or "/newshift" or "/appoint" or "/newcommunity"));
        Assert.Contains("/pause", coordinator);
        Assert.DoesNotContain("/today", coordinator);
    }

    [SkippableFact]
    public async Task Being_appointed_host_or_leaving_as_one_changes_the_menu_of_the_person_concerned()
    {
        await _v.MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        Assert.Equal([ParticipantMenu], await MenusOfAsync("anna"));

        await JonasAppointsAnnaHostAsync();

        Assert.Equal([.. ParticipantMenu, "today"], (await MenusOfAsync("anna"))[^1]);
        Assert.Contains("/today", await HelpCommandsAsync("anna"));
        await _h.Send("anna", "/leave");
        await _h.Press("anna", "Torsdagsmiddag");
        Assert.Equal(ParticipantMenu, (await MenusOfAsync("anna"))[^1]);
        Assert.Equal(3, (await MenusOfAsync("anna")).Count);
        Assert.DoesNotContain("/today", await HelpCommandsAsync("anna"));
    }

    [SkippableFact]
    public async Task Help_lists_what_the_persons_menu_was_built_for_without_asking_the_database_about_roles()
    {
        await _v.MakeCoordinatorAsync("jonas");
        await _w.JoinAsync("anna");
        await JonasAppointsAnnaHostAsync();

        _selects.Clear();
        var commands = await HelpCommandsAsync("anna");

        Assert.Contains("/today", commands);
        Assert.DoesNotContain("/announce", commands);
        // Every /help asked who hosts or coordinates, though only a change of roles (which builds the menu) changes that.
        Assert.DoesNotContain(_selects.Commands, c => c.Sql.Contains("activity_members", StringComparison.Ordinal) || c.Sql.Contains("community_members", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Creating_a_community_gives_its_creator_the_coordinators_commands()
    {
        await _h.ConsentAsync("karin");
        await using (var db = _h.Db())
        {
            var karin = await db.People.SingleAsync(p => p.ExternalId == "karin");
            db.PersonCapabilities.Add(new PersonCapability { PersonId = karin.Id, Capability = Capabilities.CreateCommunities, GrantedAt = _h.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        await _h.Send("karin", "/newcommunity");
        var created = await _h.Send("karin", "Reparationscaféen");

        Assert.Contains("announce", Assert.Single(created.Menus));
    }

    [SkippableFact]
    public async Task A_new_language_sends_the_menu_in_that_language()
    {
        await _h.ConsentAsync("anna");

        await _h.Send("anna", "/language");
        var english = await _h.Press("anna", "English");

        var row = Assert.Single(english.Rows, r => r.Kind == OutboxKind.CommandMenu);
        Assert.Contains(CommandMenu.Parse(row.Text), e => e is { Command: "pause", Description: "Pause reminders" });
    }

    [SkippableFact]
    public async Task Someone_already_here_before_menus_existed_gets_theirs_at_their_next_turn()
    {
        await _h.ConsentAsync("anna");
        await using (var db = _h.Db())
        {
            await db.Outbox.Where(o => o.Kind == OutboxKind.CommandMenu).ExecuteDeleteAsync();
            await db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.MenuKey, (string?)null));
        }

        var next = await _h.Send("anna", "Hej");

        Assert.Equal([ParticipantMenu], next.Menus);
    }

    [SkippableFact]
    public async Task Forgetting_puts_the_default_menu_back_and_that_row_goes_once_sent()
    {
        await _h.ConsentAsync("anna");

        await _h.Send("anna", "/forget");
        var gone = await _h.Press("anna", _h.Services.GetRequiredService<Makker.Conversations.Dialogs.DialogCatalog>()
            .Dialog(DialogIds.Forget).Steps["confirm"].Buttons.Single(b => b.Id == "erase").Label.Da);

        var reset = Assert.Single(gone.Rows, r => r.Kind == OutboxKind.CommandMenu);
        Assert.Empty(CommandMenu.Parse(reset.Text));
        Assert.True(reset.DeleteWhenSent);
        Assert.Null(reset.PersonId);
    }

    [SkippableFact]
    public async Task A_channel_without_menus_gets_no_menu_rows()
    {
        await using var plain = await ConversationHarness.StartAsync(Provider);

        await plain.ConsentAsync("anna");

        await using var db = plain.Db();
        Assert.False(await db.Outbox.AnyAsync(o => o.Kind == OutboxKind.CommandMenu));
    }

    [Fact]
    public void Every_command_a_person_can_have_is_described_and_only_hidden_ones_are_not()
    {
        var menus = _h.Services.GetRequiredService<CommandMenus>();
        var catalog = _h.Services.GetRequiredService<Makker.Conversations.Dialogs.DialogCatalog>();

        var everyone = menus.For(CommandAudience.Newcomer | CommandAudience.Participant | CommandAudience.Host | CommandAudience.Coordinator).ToList();

        Assert.Equal(_h.Engine.Commands.Count(c => c.Audience != CommandAudience.None), everyone.Count);
        Assert.All(everyone, c => Assert.True(catalog.HasText(CommandMenus.DescriptionKey(c.Name)), c.Name));
        Assert.Equal(["start", "help", "language", "mydata"], menus.DefaultMenu(catalog, "da").Select(e => e.Command));
    }
}

public sealed class CommandMenuTestsOnPostgres : CommandMenuTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

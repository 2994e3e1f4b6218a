using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Help;

/// <summary>
/// Each person's commands follow their roles: a participant sees the handful a participant uses, a host also /today,
/// a coordinator also theirs. The same rule picks the lines of /help and, on a channel with a command menu (Telegram),
/// the person's menu, which is sent again whenever their roles or language change.
/// </summary>
public sealed class CommandMenus(IServiceProvider services, IEnumerable<ChannelTraits> channels, Coordinators coordinators) : ITurnEnd
{
    // Looked up at first use rather than injected: /help is one of the commands, and it needs this.
    private IReadOnlyList<IChatCommand> Commands => field ??=
        [.. services.GetServices<IChatCommand>().OrderBy(c => c.MenuOrder ?? int.MaxValue).ThenBy(c => c.Name, StringComparer.Ordinal)];

    private readonly HashSet<string> _withMenus = [.. channels.Where(c => c.HasCommandMenu).Select(c => c.Channel)];

    /// <summary>The description of /name in the catalog: "command.name".</summary>
    public static string DescriptionKey(string command) => "command." + command;

    /// <summary>The commands that are this audience's, in menu order, then the ones only /help lists.</summary>
    public IEnumerable<IChatCommand> For(CommandAudience audience) => Commands.Where(c => (c.Audience & audience) != 0);

    /// <summary>The menu of a newcomer (nobody's chat menu set yet), for the channel's default menu.</summary>
    public IReadOnlyList<MenuEntry> DefaultMenu(DialogCatalog catalog, string language) => Menu(CommandAudience.Newcomer, catalog, language);

    public IReadOnlyList<MenuEntry> Menu(CommandAudience audience, DialogCatalog catalog, string language) =>
        For(audience).Where(c => c.MenuOrder is not null).Select(c => new MenuEntry(c.Name, catalog.Text(DescriptionKey(c.Name), language))).ToList();

    private sealed record Roles(bool Host, bool Coordinator);

    // Compiled once per host (a compiled query belongs to one storage provider's model): every /help asks it, and
    // building and looking up the query's expression each time cost more than running it.
    private readonly Func<MakkerDb, long, CancellationToken, Task<Roles?>> _rolesOf = EF.CompileAsyncQuery((MakkerDb db, long personId, CancellationToken _) =>
        db.People.Where(p => p.Id == personId).Select(p => new Roles(
            db.ActivityMembers.Any(m => m.PersonId == p.Id && m.IsHost),
            db.CommunityMembers.Any(m => m.PersonId == p.Id && m.IsCoordinator)
                || db.PersonCapabilities.Any(c => c.PersonId == p.Id && c.Capability == Capabilities.CreateCommunities))).FirstOrDefault());

    /// <summary>Who this person is for the commands; a question to the database, so asked only when it may have changed.</summary>
    public async Task<CommandAudience> AudienceOfAsync(MakkerDb db, Person person, CancellationToken ct)
    {
        if (person.Consent != ConsentState.Given)
        {
            return CommandAudience.Newcomer;
        }
        var roles = await _rolesOf(db, person.Id, ct) ?? new Roles(false, false);
        var audience = CommandAudience.Participant;
        if (roles.Host)
        {
            audience |= CommandAudience.Host;
        }
        if (roles.Coordinator || coordinators.IsConfigured(person))
        {
            audience |= CommandAudience.Coordinator;
        }
        return audience;
    }

    /// <summary>
    /// Who this person is for /help: what their chat menu was last built for, when they have one and their roles have not
    /// changed in this turn (every change of roles builds the menu again), so /help lists exactly the menu's commands and
    /// asks the database nothing; else as <see cref="AudienceOfAsync"/>.
    /// </summary>
    public Task<CommandAudience> AudienceForHelpAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        if (person.Consent == ConsentState.Given && !ctx.PeopleWithChangedRoles.Contains(person) && AudienceInKey(person.MenuKey) is { } audience)
        {
            // A coordinator named in the settings is one at once, even before their menu was built again.
            return Task.FromResult(coordinators.IsConfigured(person) ? audience | CommandAudience.Coordinator : audience);
        }
        return AudienceOfAsync(ctx.Db, person, ct);
    }

    /// <summary>The key of the menu built for this language and audience ("da:6"); see <see cref="Person.MenuKey"/>.</summary>
    private static string MenuKeyOf(string language, CommandAudience audience) =>
        language + ":" + ((int)audience).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The audience part of a menu key (<see cref="MenuKeyOf"/>), or null when there is none or it cannot be read.</summary>
    private static CommandAudience? AudienceInKey(string? key)
    {
        var colon = key?.LastIndexOf(':') ?? -1;
        return colon > 0 && int.TryParse(key.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value > 0
            ? (CommandAudience)value
            : null;
    }

    public async Task OnTurnEndAsync(TurnContext ctx, CancellationToken ct)
    {
        if (_withMenus.Contains(ctx.Message.From.Channel))
        {
            if (ctx.Erased)
            {
                // Their chat goes back to the default menu; the row goes once sent, like the goodbye.
                ctx.SendCommandMenu([]);
                return;
            }
            if (ctx.Person is { Id: > 0 } person)
            {
                await UpdateAsync(ctx, person, ctx.PeopleWithChangedRoles.Contains(person), ct);
            }
        }
        foreach (var other in ctx.PeopleWithChangedRoles.Where(p => p != ctx.Person && _withMenus.Contains(p.Channel)))
        {
            await UpdateAsync(ctx.ReachOut(other), other, rolesChanged: true, ct);
        }
    }

    private async Task UpdateAsync(TurnContext ctx, Person person, bool rolesChanged, CancellationToken ct)
    {
        if (person.Consent != ConsentState.Given)
        {
            if (person.MenuKey is not null)
            {
                // Said no after all: the commands of a participant are not theirs any more.
                person.MenuKey = null;
                ctx.SendCommandMenu([]);
            }
            return;
        }
        var language = person.Language ?? ctx.Language;
        // Without a change of roles, the key's audience part stands, and only a change of language needs a new menu;
        // so an ordinary turn asks the database nothing.
        if (!rolesChanged && person.MenuKey is { } key && key.StartsWith(language + ":", StringComparison.Ordinal))
        {
            return;
        }
        var audience = await AudienceOfAsync(ctx.Db, person, ct);
        var newKey = MenuKeyOf(language, audience);
        if (newKey == person.MenuKey)
        {
            return;
        }
        person.MenuKey = newKey;
        ctx.SendCommandMenu(Menu(audience, ctx.Catalog, language));
    }
}

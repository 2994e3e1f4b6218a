using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Participation;
using Makker.Storage;

namespace Makker.Features.Volunteering;

/// <summary>How a shift and a role are named in a message.</summary>
public static class ShiftMoments
{
    private const string RolePrefix = "role.";

    /// <summary>Every role the dialogs name (texts role.&lt;key&gt;), in file order.</summary>
    public static IReadOnlyList<string> Roles(DialogCatalog catalog) =>
        catalog.Texts.Keys.Where(k => k.StartsWith(RolePrefix, StringComparison.Ordinal)).Select(k => k[RolePrefix.Length..]).ToList();

    public static string RoleName(TurnContext ctx, string role) => RoleName(ctx.Catalog, ctx.Language, role);

    /// <summary>A role's name in a language ("madlavning"), or its key when it has no text.</summary>
    public static string RoleName(DialogCatalog catalog, string language, string role) =>
        catalog.Texts.TryGetValue(RolePrefix + role, out var text) ? text.For(language) : role;

    public static IReadOnlyList<string> ParseRoles(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string RoleList(TurnContext ctx, string roles) =>
        ParseRoles(roles) is { Count: > 0 } list ? string.Join(", ", list.Select(r => RoleName(ctx, r))) : ctx.T(VolunteeringTexts.AnyRole);

    public static string FrequencyName(TurnContext ctx, VolunteerFrequency frequency) => ctx.T(frequency switch
    {
        VolunteerFrequency.Weekly => VolunteeringTexts.FrequencyWeekly,
        VolunteerFrequency.Monthly => VolunteeringTexts.FrequencyMonthly,
        _ => VolunteeringTexts.FrequencyEveryOtherWeek,
    });

    public static Dictionary<string, string> Values(TurnContext ctx, ActivityPlace place, Shift shift) => new()
    {
        ["role"] = RoleName(ctx, shift.Role),
        ["activity"] = place.Activity.Name,
        ["place"] = ActivityMoments.Place(place.Activity),
        ["date"] = ctx.FormatDate(shift.StartsAt),
        ["from"] = ctx.FormatTime(LocalTimes.ToLocal(shift.StartsAt, place.Zone)),
        ["to"] = ctx.FormatTime(LocalTimes.ToLocal(shift.EndsAt, place.Zone)),
    };
}

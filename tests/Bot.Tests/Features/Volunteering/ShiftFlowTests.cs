using Makker.Conversations;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Features.Volunteering;

/// <summary>/volunteer, taking and declining a shift, handing it back, the roster, and the last place taken twice at once.</summary>
public class ShiftFlowTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private ParticipationWorld _w = null!;
    private VolunteerWorld _v = null!;

    private static readonly DateTimeOffset Thursday = ParticipationWorld.Local(2026, 11, 26, 17, 30);
    private const string Prompt = "Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _w = await ParticipationWorld.CreateAsync(_h);
        _v = new VolunteerWorld(_w);
        await _v.AddShiftAsync("cooking", new TimeOnly(15, 30), new TimeOnly(18, 0), needed: 1);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private async Task<Shift> CookingAsync()
    {
        await using var db = _h.Db();
        return await db.Shifts.SingleAsync(s => s.Role == "cooking" && s.StartsAt < Thursday);
    }

    [SkippableFact]
    public async Task Volunteer_picks_roles_and_how_often_and_can_stop_with_one_tap()
    {
        await _v.MakeCoordinatorAsync("kim");
        await _w.JoinAsync("ali");

        var intro = await _h.Send("ali", "/volunteer");
        Assert.Equal(T(VolunteeringTexts.Intro).Replace("{firstName}", "Ali"), intro.Last);
        Assert.Equal(["madlavning", "velkomst ved døren", "opvask", "opstilling", "oprydning", "Færdig"], intro.ButtonLabels);

        await _h.PressShownAsync("ali", "madlavning");
        await _h.PressShownAsync("ali", "opvask");
        var shown = await _h.PressShownAsync("ali", "✓ madlavning"); // changed her mind
        Assert.Equal(["madlavning", "velkomst ved døren", "✓ opvask", "opstilling", "oprydning", "Færdig"],
            ParticipationKit.Labels(Assert.Single(shown.Edits).ButtonsJson));
        await using (var db = _h.Db())
        {
            Assert.False(await db.Volunteers.AnyAsync()); // nothing is stored until she has finished
        }
        await _h.PressShownAsync("ali", "Færdig");
        var saved = await _h.PressShownAsync("ali", "Hver anden uge");

        // A coordinator says yes before any shift prompt comes.
        Assert.Equal(["Tak, Ali! Jeg har skrevet opvask, højst hver anden uge, ned. En koordinator siger ja, før jeg spørger dig om vagter, så alle kan føle sig trygge. Jeg siger til, når du har fået svar."],
            saved.Texts);
        await using (var db = _h.Db())
        {
            var volunteer = await db.Volunteers.SingleAsync();
            Assert.Equal("washing_up", volunteer.Roles);
            Assert.Equal(VolunteerFrequency.EveryOtherWeek, volunteer.Frequency);
            Assert.False((await db.CommunityMembers.SingleAsync(m => m.PersonId == volunteer.PersonId)).IsVolunteer);
        }
        await _h.Press("kim", T(Makker.Features.Coordination.CoordinationTexts.ButtonApprove));
        await using (var db = _h.Db())
        {
            Assert.True((await db.CommunityMembers.SingleAsync(m => m.PersonId == db.Volunteers.Single().PersonId)).IsVolunteer);
        }

        var status = await _h.Send("ali", "/volunteer");
        Assert.Equal("Du er frivillig: opvask, højst hver anden uge.", status.Last);
        var stopped = await _h.PressShownAsync("ali", "Stop som frivillig");
        Assert.Equal([T(VolunteeringTexts.Stopped)], stopped.Texts);
        await using (var db = _h.Db())
        {
            Assert.False(await db.Volunteers.AnyAsync());
            Assert.False(await db.CommunityMembers.AnyAsync(m => m.IsVolunteer));
        }
    }

    [SkippableFact]
    public async Task Yes_confirms_with_the_details_and_fills_the_shift_and_the_other_prompt_goes_quiet()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.AddVolunteerAsync("birgit");
        await _v.RoundNowAsync();
        var toAli = await _v.LastPromptAsync("ali");
        var toBirgit = await _v.LastPromptAsync("birgit");
        Assert.Equal(Prompt, toAli!.Text);
        Assert.Equal(["Ja, jeg tager den", "Ikke denne gang"], ParticipationKit.Labels(toAli.ButtonsJson));

        var yes = await _v.PressOnAsync("ali", toAli, "Ja, jeg tager den");

        Assert.Equal(["Tak, Ali! Du har madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00 i Fælleshuset. Jeg minder dig om det dagen før."], yes.Texts);
        Assert.Equal(["Giv vagten tilbage"], yes.ButtonLabels);
        Assert.Equal(1, (await CookingAsync()).Taken);
        Assert.Empty(await _h.ButtonsShownAsync(toBirgit!.Id));

        // Birgit's press crossed the edit: thanked warmly, nothing taken.
        var late = await _v.PressOnAsync("birgit", toBirgit, "Ja, jeg tager den");
        Assert.Equal([T(VolunteeringTexts.Covered)], late.Texts);
        Assert.Equal(["ali"], await _v.OnShiftAsync("cooking"));
    }

    [SkippableFact]
    public async Task Not_this_time_is_thanked_and_nothing_more_comes_of_it()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.RoundNowAsync();
        var mark = await _w.LastOutboxIdAsync();

        var no = await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ikke denne gang");

        Assert.Equal([T(VolunteeringTexts.Declined)], no.Texts);
        await _v.RunUntilAsync(Thursday.AddHours(-1));
        Assert.DoesNotContain(await _w.InboxAsync("ali", mark), m => m.Text.Contains("madlavning"));
    }

    [SkippableFact]
    public async Task Hand_back_is_one_tap_the_shift_reopens_and_someone_else_is_asked()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.RoundNowAsync();
        await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");
        await _v.AddVolunteerAsync("birgit");

        var back = await _h.PressShownAsync("ali", "Giv vagten tilbage");
        Assert.Equal([T(VolunteeringTexts.HandedBack)], back.Texts);
        Assert.Equal(0, (await CookingAsync()).Taken);
        Assert.Empty(await _v.OnShiftAsync("cooking"));

        var again = await _h.PressShownAsync("ali", "Giv vagten tilbage") ;
        Assert.Equal(T(VolunteeringTexts.AlreadyHandedBack), again.ButtonAnswer);

        await _v.RoundNowAsync();
        Assert.Equal(["ali", "birgit"], await _v.AskedAsync("cooking"));
    }

    [SkippableFact]
    public async Task The_host_briefing_lists_the_roster_with_what_is_missing()
    {
        await _v.AddShiftAsync("washing_up", new TimeOnly(19, 0), new TimeOnly(20, 30), needed: 2);
        await _w.MakeHostAsync("hanne");
        await _v.AddVolunteerAsync("ali");
        await _v.RoundNowAsync();
        await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");
        var mark = await _w.LastOutboxIdAsync();

        await _v.RunUntilAsync(ParticipationKit.Thursday1430);

        var briefing = (await _w.InboxAsync("hanne", mark)).Single(m => m.Text.Contains("Vagter:")).Text;
        Assert.Contains("Vagter:\nmadlavning kl. 15:30-18:00: Ali\nopvask kl. 19:00-20:30: ingen endnu (mangler 2)", briefing);
    }

    [SkippableFact]
    public async Task Two_volunteers_taking_the_last_place_at_the_same_moment_on_the_real_database_one_gets_it_and_the_other_is_thanked()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.AddVolunteerAsync("birgit");
        await _v.RoundNowAsync();
        var toAli = (await _v.LastPromptAsync("ali"))!;
        var toBirgit = (await _v.LastPromptAsync("birgit"))!;
        await using var other = _h.StartOtherInstance();
        IncomingMessage Press(string who, OutboxMessage message) => new(ConversationHarness.Key(who), _h.Clock.GetUtcNow())
        {
            ButtonPayload = Replies.ParseButtons(message.ButtonsJson)[0][0].Payload,
            ButtonMessageId = message.Id,
            LanguageHint = "da",
        };

        await Task.WhenAll(
            _h.Engine.HandleAsync(Press("ali", toAli)),
            other.GetRequiredService<ConversationEngine>().HandleAsync(Press("birgit", toBirgit)));

        var onShift = Assert.Single(await _v.OnShiftAsync("cooking"));
        Assert.Equal(1, (await CookingAsync()).Taken);
        var loser = onShift == "ali" ? "birgit" : "ali";
        var inbox = await _w.InboxAsync(loser);
        Assert.Equal(T(VolunteeringTexts.Covered), inbox[^1].Text);
        Assert.DoesNotContain(inbox, m => m.Text.StartsWith("Tak, ", StringComparison.Ordinal) && m.Text.Contains("Du har madlavning"));
    }

    [SkippableFact]
    public async Task Someone_on_shift_gets_the_volunteer_check_in_and_mydata_and_forget_cover_volunteering()
    {
        await _v.AddVolunteerAsync("ali", VolunteerFrequency.Monthly, "cooking");
        await _v.RoundNowAsync();
        await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");

        var mydata = await _h.Send("ali", "/mydata");
        Assert.Contains("Du er frivillig: madlavning, højst en gang om måneden.", mydata.All);
        Assert.Contains("Dine vagter: madlavning torsdag den 26. november", mydata.All);

        await _v.RunUntilAsync(ParticipationWorld.Local(2026, 11, 26, 20, 45));
        Assert.Contains(await _w.InboxAsync("ali"), m => m.Text.EndsWith("Hvordan var din vagt i dag?", StringComparison.Ordinal));

        var ali = await _h.PersonAsync("ali");
        await _h.Send("ali", "/forget");
        await _h.Press("ali", "Ja, slet det hele");
        await using var db = _h.Db();
        Assert.False(await db.Volunteers.AnyAsync(v => v.PersonId == ali.Id));
        Assert.False(await db.ShiftAssignments.AnyAsync(a => a.PersonId == ali.Id));
        Assert.False(await db.ShiftPrompts.AnyAsync(p => p.PersonId == ali.Id));
    }

    [SkippableFact]
    public async Task A_cancelled_dinner_tells_those_on_shift_and_their_shifts_take_no_more_prompts()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.AddVolunteerAsync("birgit");
        await _v.RoundNowAsync();
        await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");
        await _v.AddShiftAsync("washing_up", new TimeOnly(19, 0), new TimeOnly(20, 30), needed: 1);
        var mark = await _w.LastOutboxIdAsync();
        await using (var db = _h.Db())
        {
            var dinner = await db.Occurrences.OrderBy(o => o.StartsAt).FirstAsync();
            Assert.True(await _h.Services.GetRequiredService<OccurrenceCancellation>().CancelAsync(dinner.Id, _h.Clock.GetUtcNow(), CancellationToken.None));
        }

        Assert.Equal(["Torsdagsmiddag torsdag den 26. november kl. 17:30 er desværre aflyst. Vi ses en anden gang."],
            (await _w.InboxAsync("ali", mark)).Select(m => m.Text));
        await _v.RunUntilAsync(Thursday.AddHours(-1));
        Assert.Empty(await _v.AskedAsync("washing_up", Thursday));
        var late = await _v.PressOnAsync("birgit", (await _v.LastPromptAsync("birgit"))!, "Ja, jeg tager den");
        Assert.Equal([T(VolunteeringTexts.Gone)], late.Texts);
    }

    [SkippableFact]
    public async Task A_shift_handed_back_after_it_filled_is_asked_again_of_those_whose_prompt_went_quiet()
    {
        await _v.AddVolunteerAsync("ali");
        await _v.AddVolunteerAsync("birgit");
        await _v.RoundNowAsync();
        await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");
        var quiet = (await _v.LastPromptAsync("birgit"))!;
        Assert.Empty(await _h.ButtonsShownAsync(quiet.Id));

        await _h.PressShownAsync("ali", "Giv vagten tilbage");
        await _v.RoundNowAsync();

        // Birgit never said no: she gets a fresh prompt and can take it.
        var fresh = (await _v.LastPromptAsync("birgit"))!;
        Assert.NotEqual(quiet.Id, fresh.Id);
        Assert.Equal(Prompt, fresh.Text);
        await _v.PressOnAsync("birgit", fresh, "Ja, jeg tager den");
        Assert.Equal(["birgit"], await _v.OnShiftAsync("cooking"));
    }

    [SkippableFact]
    public async Task Taken_after_the_reminder_time_the_confirmation_promises_no_reminder()
    {
        await _v.AddVolunteerAsync("ali");
        _h.Clock.SetUtcNow(ParticipationWorld.Local(2026, 11, 25, 17, 30)); // the reminder time was 17:00 today
        await _v.RoundNowAsync();

        var yes = await _v.PressOnAsync("ali", (await _v.LastPromptAsync("ali"))!, "Ja, jeg tager den");

        Assert.Equal(["Tak, Ali! Du har madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00 i Fælleshuset."], yes.Texts);
    }
}

public sealed class ShiftFlowTestsOnPostgres : ShiftFlowTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

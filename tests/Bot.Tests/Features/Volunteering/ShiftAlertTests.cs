using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using static Makker.Tests.Features.Volunteering.VolunteeringKit;

namespace Makker.Tests.Features.Volunteering;

/// <summary>
/// What volunteers and coordinators hear around a shift, and when: the reminder the day before, the coverage
/// alerts 48 and 24 hours before with "ask all", quiet hours, and handing a shift back (late: the coordinator hears).
/// </summary>
public class ShiftAlertTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private VolunteerWorld _v = null!;

    // The first dinner: Thursday 26 November 2026 at 17:30; its cooking shift 15:30-18:00.
    private static readonly DateTimeOffset Tuesday1715 = ParticipationWorld.Local(2026, 11, 24, 17, 15);
    private static readonly DateTimeOffset Tuesday1730 = ParticipationWorld.Local(2026, 11, 24, 17, 30);
    private static readonly DateTimeOffset Wednesday1645 = ParticipationWorld.Local(2026, 11, 25, 16, 45);
    private static readonly DateTimeOffset Wednesday1700 = ParticipationWorld.Local(2026, 11, 25, 17, 0);
    private static readonly DateTimeOffset Wednesday1715 = ParticipationWorld.Local(2026, 11, 25, 17, 15);
    private static readonly DateTimeOffset Wednesday1730 = ParticipationWorld.Local(2026, 11, 25, 17, 30);
    private static readonly DateTimeOffset Thursday1800 = ParticipationWorld.Local(2026, 11, 26, 18, 0);

    private const string AdaReminder = "Husk, Ada: i morgen har du madlavning til Torsdagsmiddag kl. 15:30-18:00 i Fælleshuset. Tak, fordi du hjælper!";

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _v = new VolunteerWorld(await ParticipationWorld.CreateAsync(_h));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    private DateTimeOffset OneRoundOn => _h.Clock.GetUtcNow() + _v.RoundEvery;

    /// <summary>Messages to the coordinator that carry "ask all volunteers now".</summary>
    private async Task<List<OutboxMessage>> CoverageAlertsToAsync(string who) =>
        (await _v.W.InboxAsync(who)).Where(m => ParticipationKit.Labels(m.ButtonsJson).Contains(T(VolunteeringTexts.ButtonAskAll))).ToList();

    /// <summary>Ada and Bent are asked about the cooking shift (one place) in the first wave; Ada says yes at once.</summary>
    private async Task<Replies> AdaTakesTheCookingShiftAsync()
    {
        await _v.AddVolunteerAsync("ada", VolunteerFrequency.Weekly, "cooking");
        await _v.AddVolunteerAsync("bent", VolunteerFrequency.Weekly, "cooking");
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        await _v.RunUntilAsync(OneRoundOn);
        Assert.Equal(["ada", "bent"], (await _v.PromptsAsync("cooking", Dinner(0))).Select(p => p.Who));
        var yes = await _v.PressOnAsync("ada", (await _v.LastPromptAsync("ada"))!, T(VolunteeringTexts.ButtonShiftYes));
        Assert.Equal(["Tak, Ada! Du har madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00 i Fælleshuset. Jeg minder dig om det dagen før."],
            yes.Texts);
        Assert.Equal([T(VolunteeringTexts.ButtonHandBack)], yes.ButtonLabels);
        return yes;
    }

    // ---- reminders ----

    [SkippableFact]
    public async Task A_shift_taken_early_is_reminded_at_17_the_day_before_once_with_the_hand_back_button()
    {
        await AdaTakesTheCookingShiftAsync();

        await _v.RunUntilAsync(Wednesday1645);
        Assert.Empty(await _v.RemindersAsync("ada"));

        await _v.RunUntilAsync(Wednesday1700);
        var reminder = Assert.Single(await _v.RemindersAsync("ada"));
        Assert.Equal(AdaReminder, reminder.Text);
        Assert.Equal(Wednesday1700, reminder.CreatedAt);
        Assert.Equal([T(VolunteeringTexts.ButtonHandBack)], ParticipationKit.Labels(reminder.ButtonsJson));

        // Only once, through the shift.
        await _v.RunUntilAsync(Thursday1800);
        Assert.Single(await _v.RemindersAsync("ada"));
        // Bent, asked but without the shift, is reminded of nothing.
        Assert.Empty(await _v.RemindersAsync("bent"));
    }

    [SkippableFact]
    public async Task A_shift_taken_after_17_the_day_before_gets_no_reminder()
    {
        await _v.AddVolunteerAsync("ada", VolunteerFrequency.Weekly, "cooking");
        await _v.AddVolunteerAsync("bent", VolunteerFrequency.Weekly, "cooking");
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        await _v.RunUntilAsync(Wednesday1715);
        Assert.Empty(await _v.RemindersAsync("ada"));

        // Ada answers Tuesday's prompt a quarter of an hour after the reminder time.
        var yes = await _v.PressOnAsync("ada", (await _v.LastPromptAsync("ada"))!, T(VolunteeringTexts.ButtonShiftYes));
        Assert.StartsWith("Tak, Ada! Du har madlavning", yes.Texts.Single());
        Assert.Equal(["ada"], await _v.OnShiftAsync("cooking"));

        await _v.RunUntilAsync(Thursday1800);
        Assert.Empty(await _v.RemindersAsync("ada"));
    }

    [SkippableFact]
    public async Task A_shift_handed_back_gets_no_reminder()
    {
        await AdaTakesTheCookingShiftAsync();
        var back = await _h.PressShownAsync("ada", T(VolunteeringTexts.ButtonHandBack));
        Assert.Equal([T(VolunteeringTexts.HandedBack)], back.Texts);

        await _v.RunUntilAsync(Thursday1800);

        Assert.Empty(await _v.RemindersAsync("ada"));
        Assert.Empty(await _v.OnShiftAsync("cooking"));
    }

    // ---- coverage alerts ----

    [SkippableFact]
    public async Task The_coordinator_hears_what_is_missing_48_and_24_hours_before_and_nobody_else_does()
    {
        await _v.MakeCoordinatorAsync("kira");
        await _v.W.MakeHostAsync("hanne");
        await _v.W.JoinAsync("pia");
        await _v.AddVolunteerAsync("tove", VolunteerFrequency.Weekly, "tidying");
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 2);
        await _v.AddShiftAsync("washing_up", new TimeOnly(19, 30), new TimeOnly(20, 30), needed: 1);
        await _v.AddShiftAsync("tidying", new TimeOnly(20, 0), new TimeOnly(20, 45), needed: 1);
        await _v.RunUntilAsync(OneRoundOn);
        await _v.PressOnAsync("tove", (await _v.LastPromptAsync("tove"))!, T(VolunteeringTexts.ButtonShiftYes));

        await _v.RunUntilAsync(Tuesday1715);
        Assert.Empty(await CoverageAlertsToAsync("kira"));

        await _v.RunUntilAsync(Tuesday1730);
        const string Missing = "Til Torsdagsmiddag torsdag den 26. november mangler der stadig:\n2 til madlavning kl. 15:30-18:00\n1 til opvask kl. 19:30-20:30";
        var first = Assert.Single(await CoverageAlertsToAsync("kira"));
        Assert.Equal(Missing, first.Text);
        Assert.Equal([T(VolunteeringTexts.ButtonAskAll)], ParticipationKit.Labels(first.ButtonsJson));

        await _v.RunUntilAsync(Wednesday1715);
        Assert.Single(await CoverageAlertsToAsync("kira"));
        await _v.RunUntilAsync(Wednesday1730);
        var alerts = await CoverageAlertsToAsync("kira");
        Assert.Equal(2, alerts.Count);
        Assert.Equal(Missing, alerts[1].Text);

        await _v.RunUntilAsync(Thursday1800);
        Assert.Equal(2, (await CoverageAlertsToAsync("kira")).Count);
        foreach (var other in new[] { "hanne", "pia", "tove" })
        {
            Assert.Empty(await CoverageAlertsToAsync(other));
            Assert.DoesNotContain(await _v.W.InboxAsync(other), m => m.Text.Contains("mangler der stadig", StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task Nothing_is_sent_to_the_coordinator_when_every_shift_is_covered()
    {
        await _v.MakeCoordinatorAsync("kira");
        await AdaTakesTheCookingShiftAsync();
        var mark = await _v.W.LastOutboxIdAsync();

        await _v.RunUntilAsync(Thursday1800);

        Assert.Empty(await _v.W.InboxAsync("kira", mark));
        await using var db = _h.Db();
        // Both alert moments were passed (and so will not come later), they just had nothing to say.
        var dinner = await db.Occurrences.SingleAsync(o => o.StartsAt == Dinner(0));
        Assert.Equal(2, await db.OccurrenceSteps.CountAsync(s => s.OccurrenceId == dinner.Id && s.Step.StartsWith("coverage-") && s.DoneAt != null));
    }

    [SkippableFact]
    public async Task Ask_all_prompts_every_volunteer_not_yet_asked_whatever_their_roles_and_frequency_and_says_how_many()
    {
        await _v.MakeCoordinatorAsync("kira");
        await _v.W.JoinAsync("pia"); // a participant, not a volunteer
        await _v.AddVolunteerAsync("ali", VolunteerFrequency.Weekly);
        await _v.AddVolunteerAsync("bea", VolunteerFrequency.Weekly);
        await _v.AddVolunteerAsync("cleo", VolunteerFrequency.Weekly, "washing_up");
        await _v.AddVolunteerAsync("dan", VolunteerFrequency.Monthly);
        await _v.AddVolunteerAsync("eva", VolunteerFrequency.Weekly, "washing_up");
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        await _v.AddShiftAsync("washing_up", new TimeOnly(19, 30), new TimeOnly(20, 30), needed: 1);
        await _v.RunUntilAsync(OneRoundOn);
        // The rotation: cooking asks two of those who may cook; washing up the next two, as Ali and Bea were just asked.
        Assert.Equal(["ali", "bea"], await _v.AskedAsync("cooking"));
        Assert.Equal(["cleo", "dan"], await _v.AskedAsync("washing_up"));
        await _v.PressOnAsync("cleo", (await _v.LastPromptAsync("cleo"))!, T(VolunteeringTexts.ButtonShiftYes));

        await _v.RunUntilAsync(Tuesday1730);
        var alert = Assert.Single(await CoverageAlertsToAsync("kira"));
        Assert.Equal("Til Torsdagsmiddag torsdag den 26. november mangler der stadig:\n1 til madlavning kl. 15:30-18:00", alert.Text);
        var mark = await _v.W.LastOutboxIdAsync();

        var pressed = await _v.PressOnAsync("kira", alert, T(VolunteeringTexts.ButtonAskAll));

        // Dan, asked today and only monthly, and Eva, who chose washing up only, are asked now. Ali and Bea were
        // asked about cooking already; Cleo has the washing up that evening; Pia is no volunteer.
        Assert.Equal(["Jeg har spurgt 2 frivillige."], pressed.Texts);
        Assert.Equal(["ali", "bea", "dan", "eva"], (await _v.AskedAsync("cooking")).Order());
        foreach (var who in new[] { "dan", "eva" })
        {
            var prompt = Assert.Single(await _v.W.InboxAsync(who, mark));
            Assert.Equal("Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?", prompt.Text);
        }
        foreach (var who in new[] { "ali", "bea", "cleo", "pia" })
        {
            Assert.Empty(await _v.W.InboxAsync(who, mark));
        }

        // Dan takes it: at 24 hours before there is nothing to tell.
        await _v.PressOnAsync("dan", (await _v.LastPromptAsync("dan"))!, T(VolunteeringTexts.ButtonShiftYes));
        await _v.RunUntilAsync(Thursday1800);
        Assert.Single(await CoverageAlertsToAsync("kira"));
    }

    // ---- quiet hours ----

    [SkippableFact]
    public async Task A_prompt_due_in_quiet_hours_waits_until_9_the_next_morning()
    {
        await _v.AddVolunteerAsync("ada", VolunteerFrequency.Weekly, "cooking");
        var tuesday2200 = ParticipationWorld.Local(2026, 11, 24, 22, 0);
        await _v.RunUntilAsync(tuesday2200);
        // The shift is set up late in the evening; the round then asks Ada at once.
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);

        await _v.RoundNowAsync();

        var prompt = await _v.LastPromptAsync("ada");
        Assert.NotNull(prompt);
        Assert.Equal(tuesday2200, prompt.CreatedAt);
        Assert.Equal(ParticipationWorld.Local(2026, 11, 25, 9, 0), prompt.NotBefore);
    }

    [SkippableTheory]
    [InlineData(8, 0, false)]
    [InlineData(9, 30, true)]
    public async Task A_prompt_that_quiet_hours_would_hold_until_after_the_shift_has_begun_is_not_sent(int hour, int minute, bool asked)
    {
        await _v.AddVolunteerAsync("ada", VolunteerFrequency.Monthly, "setting_up");
        var wednesday2200 = ParticipationWorld.Local(2026, 11, 25, 22, 0);
        await _v.RunUntilAsync(wednesday2200);
        // Setting up on Thursday morning is added late on Wednesday evening; 09:00 is the earliest Ada may hear of it.
        await _v.AddShiftAsync("setting_up", new TimeOnly(hour, minute), new TimeOnly(hour + 2, minute), needed: 1);

        await _v.RoundNowAsync();

        var prompt = await _v.LastPromptAsync("ada");
        if (asked)
        {
            Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 9, 0), prompt?.NotBefore);
        }
        else
        {
            // Nothing she could only read once it has begun, and her one ask this month is not used up on it.
            Assert.Null(prompt);
            Assert.Empty(await _v.PromptTimesAsync("ada"));
        }
    }

    [SkippableFact]
    public async Task A_wave_late_in_the_evening_asks_the_next_in_line_whose_own_quiet_hours_end_before_the_shift()
    {
        foreach (var who in new[] { "ada", "bent", "cille", "dan", "eva" })
        {
            await _v.AddVolunteerAsync(who, VolunteerFrequency.Weekly, "setting_up");
        }
        await using (var db = _h.Db())
        {
            foreach (var early in await db.People.Where(p => p.ExternalId == "cille" || p.ExternalId == "dan" || p.ExternalId == "eva").ToListAsync())
            {
                early.QuietUntil = new TimeOnly(7, 0);
            }
            await db.SaveChangesAsync();
        }
        await _v.RunUntilAsync(ParticipationWorld.Local(2026, 11, 25, 22, 0));
        await _v.AddShiftAsync("setting_up", new TimeOnly(8, 0), new TimeOnly(10, 0), needed: 1);

        await _v.RoundNowAsync();

        // Ada and Bent come first in the rotation but would only hear at 09:00; the wave of two goes on down the line.
        var prompts = await _v.PromptsAsync("setting_up", Dinner(0));
        Assert.Equal(["cille", "dan"], prompts.Select(p => p.Who));
        Assert.All(prompts, p => Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 7, 0), p.Message.NotBefore));
    }

    [SkippableFact]
    public async Task Ask_all_late_in_the_evening_asks_only_about_shifts_the_volunteers_can_still_hear_of_in_time()
    {
        await _v.MakeCoordinatorAsync("kira");
        await _v.AddVolunteerAsync("ali", VolunteerFrequency.Weekly, "setting_up");
        await _v.AddVolunteerAsync("bea", VolunteerFrequency.Weekly, "cooking");
        await _v.AddVolunteerAsync("eva", VolunteerFrequency.Weekly, "washing_up");
        await _v.AddShiftAsync("setting_up", new TimeOnly(8, 0), new TimeOnly(9, 30), needed: 1);
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        await _v.RunUntilAsync(ParticipationWorld.Local(2026, 11, 25, 22, 0));
        Assert.Equal(["ali"], await _v.AskedAsync("setting_up"));
        Assert.Equal(["bea"], await _v.AskedAsync("cooking"));
        var alerts = await CoverageAlertsToAsync("kira");
        Assert.Equal(2, alerts.Count);
        var mark = await _v.W.LastOutboxIdAsync();

        // Kira presses the 24-hour alert at 22:00; nobody may be messaged before 09:00, after setting up begins.
        var pressed = await _v.PressOnAsync("kira", alerts[1], T(VolunteeringTexts.ButtonAskAll));

        Assert.Equal(["Jeg har spurgt 2 frivillige."], pressed.Texts);
        Assert.Equal(["ali"], await _v.AskedAsync("setting_up"));
        Assert.Equal(["ali", "bea", "eva"], (await _v.AskedAsync("cooking")).Order());
        Assert.Empty(await _v.W.InboxAsync("bea", mark));
        foreach (var who in new[] { "ali", "eva" })
        {
            var prompt = Assert.Single(await _v.W.InboxAsync(who, mark));
            Assert.Equal("Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?", prompt.Text);
            Assert.Equal(ParticipationWorld.Local(2026, 11, 26, 9, 0), prompt.NotBefore);
        }
    }

    // ---- handing back ----

    [SkippableFact]
    public async Task Handing_back_within_48_hours_tells_the_coordinator_and_the_next_round_asks_others()
    {
        await _v.MakeCoordinatorAsync("kira");
        await AdaTakesTheCookingShiftAsync();
        await _v.AddVolunteerAsync("cille", VolunteerFrequency.Weekly, "cooking");
        await _v.AddVolunteerAsync("dan", VolunteerFrequency.Weekly, "cooking");
        await _v.RunUntilAsync(Wednesday1700);
        Assert.Equal(["ada", "bent"], await _v.AskedAsync("cooking"));
        var mark = await _v.W.LastOutboxIdAsync();

        // From the reminder, 22.5 hours before the shift.
        var reminder = Assert.Single(await _v.RemindersAsync("ada"));
        var back = await _v.PressOnAsync("ada", reminder, T(VolunteeringTexts.ButtonHandBack));

        Assert.Equal([T(VolunteeringTexts.HandedBack)], back.Texts);
        Assert.Equal(["Ada har givet madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00 tilbage. Jeg spørger andre frivillige nu."],
            (await _v.W.InboxAsync("kira", mark)).Select(m => m.Text));
        Assert.Empty(await _v.OnShiftAsync("cooking"));

        // The next round asks two, never Ada again: Bent first, whose Tuesday prompt went quiet unanswered when the
        // shift filled (he never said no), then Cille, never asked; Dan waits for the next wave.
        await _v.RunUntilAsync(OneRoundOn);
        var asked = await _v.AskedAsync("cooking");
        Assert.Equal(["ada", "bent", "cille"], asked.Order());
        Assert.Single(asked, "ada");
        Assert.DoesNotContain(await _v.W.InboxAsync("ada", mark), m => m.Text.StartsWith("Kan du hjælpe", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Handing_back_more_than_48_hours_before_does_not_bother_the_coordinator_and_the_asking_starts_again_at_once()
    {
        await _v.MakeCoordinatorAsync("kira");
        await AdaTakesTheCookingShiftAsync();
        await _v.AddVolunteerAsync("cille", VolunteerFrequency.Weekly, "cooking");
        await _v.AddVolunteerAsync("dan", VolunteerFrequency.Weekly, "cooking");
        var mark = await _v.W.LastOutboxIdAsync();

        // Tuesday morning, minutes after the first wave: some 53 hours before the shift.
        var back = await _h.PressShownAsync("ada", T(VolunteeringTexts.ButtonHandBack));

        Assert.Equal([T(VolunteeringTexts.HandedBack)], back.Texts);
        Assert.Empty(await _v.W.InboxAsync("kira", mark));
        Assert.Empty(await _v.OnShiftAsync("cooking"));

        // The next round asks again without waiting out the day since the first wave: Bent, whose prompt went
        // quiet when the shift filled, and Cille, never asked.
        await _v.RunUntilAsync(OneRoundOn);
        var asked = await _v.AskedAsync("cooking");
        Assert.Equal(["ada", "bent", "cille"], asked.Order());
    }
}

public sealed class ShiftAlertTestsOnPostgres : ShiftAlertTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

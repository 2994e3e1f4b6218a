using Makker.Features.Volunteering;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Features.Participation;
using Makker.Tests.Harness;
using Microsoft.EntityFrameworkCore;
using static Makker.Tests.Features.Volunteering.VolunteeringKit;

namespace Makker.Tests.Features.Volunteering;

/// <summary>
/// Who is asked about a shift, and when: the rotation over weeks, each volunteer's chosen frequency, the waves
/// (two asked per missing place, the next wave a day later, none once covered) and the roles.
/// </summary>
public class RotationTests : RunsOnBothDatabases, IAsyncLifetime
{
    private ConversationHarness _h = null!;
    private VolunteerWorld _v = null!;

    public async Task InitializeAsync()
    {
        _h = await ConversationHarness.StartAsync(Provider);
        _v = new VolunteerWorld(await ParticipationWorld.CreateAsync(_h));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private string T(string key) => _h.T(key);

    /// <summary>The harness clock plus one round: far enough for the occurrences to be planned and the first wave to go.</summary>
    private DateTimeOffset OneRoundOn => _h.Clock.GetUtcNow() + _v.RoundEvery;

    [SkippableFact]
    public async Task Over_six_weeks_six_weekly_volunteers_each_cook_once_and_nobody_is_asked_twice_before_everyone_was_asked_once()
    {
        string[] volunteers = ["ada", "bent", "cille", "dan", "ester", "finn"];
        foreach (var who in volunteers)
        {
            await _v.AddVolunteerAsync(who, VolunteerFrequency.Weekly, "cooking");
        }
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        // Waves are a day apart and a week's shift appears five days ahead: hourly rounds see every step.
        _v.RoundEvery = TimeSpan.FromHours(1);

        var askedBefore = new HashSet<string>();
        var served = new List<string>();
        for (var week = 0; week < 6; week++)
        {
            // The week's shift appears five days before the dinner, and its first wave goes in that round.
            var appears = Dinner(week).AddDays(-5) + _v.RoundEvery;
            await _v.RunUntilAsync(appears > OneRoundOn ? appears : OneRoundOn);

            var prompts = await _v.PromptsAsync("cooking", Dinner(week));
            var asked = prompts.Select(p => p.Who).ToList();
            Assert.Equal(2, asked.Count); // one place, two asked
            var neverAsked = volunteers.Except(askedBefore).ToList();
            // Someone never asked always goes before anyone asked already.
            Assert.Equal(Math.Min(2, neverAsked.Count), asked.Count(neverAsked.Contains));
            if (served.Count > 0)
            {
                // Last week's cook served most recently of all, so the rotation reaches them last.
                Assert.DoesNotContain(served[^1], asked);
            }

            var (first, prompt) = prompts[0];
            var yes = await _v.PressOnAsync(first, prompt, T(VolunteeringTexts.ButtonShiftYes));
            Assert.StartsWith($"Tak, {char.ToUpperInvariant(first[0])}{first[1..]}! Du har madlavning", yes.Texts.Single());
            Assert.Equal([first], await _v.OnShiftAsync("cooking", Dinner(week)));
            askedBefore.UnionWith(asked);
            served.Add(first);
        }

        Assert.Equal(volunteers.Order(), served.Order());
    }

    [SkippableFact]
    public async Task A_monthly_volunteer_is_asked_at_most_once_in_28_days_and_an_every_other_week_one_at_most_once_in_14_while_shifts_stay_open()
    {
        await _v.AddVolunteerAsync("wilma", VolunteerFrequency.Weekly);
        await _v.AddVolunteerAsync("emil", VolunteerFrequency.EveryOtherWeek);
        await _v.AddVolunteerAsync("mona", VolunteerFrequency.Monthly);
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 1);
        _v.RoundEvery = TimeSpan.FromHours(1);

        // Nobody ever says yes: every shift stays open and is asked about in a wave each day until it starts.
        await _v.RunUntilAsync(Dinner(8));

        foreach (var (who, days) in new[] { ("wilma", 7), ("emil", 14), ("mona", 28) })
        {
            var times = await _v.PromptTimesAsync(who);
            var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
            // Eight weeks of open shifts: each is asked again once their time has come, not only once at the start.
            Assert.True(times.Count >= 56 / days, $"{who} was asked {times.Count} times in 8 weeks");
            Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromDays(days), $"{who} was asked again after {gap}"));
            // ...and soon after it has come (the waves run daily; a week's shift is open five days of seven).
            Assert.All(gaps, gap => Assert.True(gap < TimeSpan.FromDays(days + 4), $"{who} waited {gap} to be asked again"));
        }
    }

    [SkippableFact]
    public async Task Two_places_ask_four_at_once_and_a_day_later_the_next_wave_asks_the_remaining_two()
    {
        string[] volunteers = ["ada", "bent", "cille", "dan", "ester", "finn"];
        foreach (var who in volunteers)
        {
            await _v.AddVolunteerAsync(who);
        }
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 2);

        await _v.RunUntilAsync(OneRoundOn);
        var first = await _v.PromptsAsync("cooking", Dinner(0));
        Assert.Equal(4, first.Count);
        var firstWaveAt = first[0].Message.CreatedAt;
        Assert.All(first, p => Assert.Equal(firstWaveAt, p.Message.CreatedAt));
        Assert.Equal("Kan du hjælpe med madlavning til Torsdagsmiddag torsdag den 26. november kl. 15:30-18:00?", first[0].Message.Text);
        Assert.Equal([T(VolunteeringTexts.ButtonShiftYes), T(VolunteeringTexts.ButtonShiftNo)], ParticipationKit.Labels(first[0].Message.ButtonsJson));
        // Daytime: the prompts may go at once.
        Assert.All(first, p => Assert.Null(p.Message.NotBefore));

        // Nobody answers. Just short of a day nobody more is asked...
        await _v.RunUntilAsync(firstWaveAt.AddHours(24).AddMinutes(-1));
        Assert.Equal(4, (await _v.PromptsAsync("cooking", Dinner(0))).Count);

        // ...and at a day the two not asked yet are, not the first four again.
        await _v.RunUntilAsync(firstWaveAt.AddHours(24));
        var all = await _v.PromptsAsync("cooking", Dinner(0));
        var second = all.Skip(4).Select(p => p.Who).ToList();
        Assert.Equal(volunteers.Except(first.Select(p => p.Who)).Order(), second.Order());
        Assert.All(all.Skip(4), p => Assert.Equal(firstWaveAt.AddHours(24), p.Message.CreatedAt));
        Assert.Equal(6, all.Select(p => p.Who).Distinct().Count());
    }

    [SkippableFact]
    public async Task The_next_wave_asks_two_per_place_still_missing()
    {
        string[] volunteers = ["ada", "bent", "cille", "dan", "ester", "finn", "gro", "hans"];
        foreach (var who in volunteers)
        {
            await _v.AddVolunteerAsync(who);
        }
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 2);
        await _v.RunUntilAsync(OneRoundOn);
        var first = await _v.PromptsAsync("cooking", Dinner(0));
        Assert.Equal(4, first.Count);
        await _v.PressOnAsync(first[0].Who, first[0].Message, T(VolunteeringTexts.ButtonShiftYes));

        await _v.RunUntilAsync(first[0].Message.CreatedAt.AddHours(24));

        // One place left: two more asked, though four were never asked.
        var second = (await _v.PromptsAsync("cooking", Dinner(0))).Skip(4).Select(p => p.Who).ToList();
        Assert.Equal(2, second.Count);
        Assert.Empty(second.Intersect(first.Select(p => p.Who)));
    }

    [SkippableFact]
    public async Task Once_covered_no_more_waves_go_and_a_late_yes_gets_the_warm_covered_answer_and_no_shift()
    {
        string[] volunteers = ["ada", "bent", "cille", "dan", "ester", "finn"];
        foreach (var who in volunteers)
        {
            await _v.AddVolunteerAsync(who);
        }
        await _v.AddShiftAsync("cooking", CookFrom, CookTo, needed: 2);
        await _v.RunUntilAsync(OneRoundOn);
        var first = await _v.PromptsAsync("cooking", Dinner(0));
        Assert.Equal(4, first.Count);

        await _v.PressOnAsync(first[0].Who, first[0].Message, T(VolunteeringTexts.ButtonShiftYes));
        await _v.PressOnAsync(first[1].Who, first[1].Message, T(VolunteeringTexts.ButtonShiftYes));
        // Full: the prompts not answered lose their buttons.
        Assert.Empty(await _h.ButtonsShownAsync(first[2].Message.Id));
        Assert.Empty(await _h.ButtonsShownAsync(first[3].Message.Id));

        // Two days on (two more waves' worth), nobody else was asked.
        await _v.RunUntilAsync(first[0].Message.CreatedAt.AddHours(48).AddMinutes(15));
        Assert.Equal(first.Select(p => p.Who), (await _v.PromptsAsync("cooking", Dinner(0))).Select(p => p.Who));

        // A yes that crossed the edit, pressed on the prompt as it first came.
        var late = await _v.PressOnAsync(first[2].Who, first[2].Message, T(VolunteeringTexts.ButtonShiftYes));

        Assert.Equal([T(VolunteeringTexts.Covered)], late.Texts);
        Assert.Equal(T(VolunteeringTexts.Covered), late.ButtonAnswer);
        Assert.Equal([first[0].Who, first[1].Who], await _v.OnShiftAsync("cooking", Dinner(0)));
        await using var db = _h.Db();
        var latePerson = await db.People.SingleAsync(p => p.ExternalId == first[2].Who);
        Assert.False(await db.ShiftAssignments.AnyAsync(a => a.PersonId == latePerson.Id));
        Assert.Equal(2, (await _v.ShiftAsync("cooking", Dinner(0))).Taken);
    }

    [SkippableTheory]
    [InlineData("cooking")]
    [InlineData("welcome")]
    [InlineData("washing_up")]
    [InlineData("setting_up")]
    [InlineData("tidying")]
    public async Task Only_volunteers_for_the_role_or_for_any_role_are_asked(string role)
    {
        await _v.AddVolunteerAsync("vera", VolunteerFrequency.Weekly, "washing_up");
        await _v.AddVolunteerAsync("alma", VolunteerFrequency.Weekly);
        await _v.AddVolunteerAsync("carl", VolunteerFrequency.Weekly, "cooking", "welcome");
        // Two places: a wave asks up to four, more than there are volunteers, so only the role keeps anyone out.
        await _v.AddShiftAsync(role, CookFrom, CookTo, needed: 2);

        await _v.RunUntilAsync(Dinner(0));

        var expected = new List<string> { "alma" };
        if (role == "washing_up")
        {
            expected.Add("vera");
        }
        if (role is "cooking" or "welcome")
        {
            expected.Add("carl");
        }
        Assert.Equal(expected.Order(), (await _v.AskedAsync(role)).Order());
    }
}

public sealed class RotationTestsOnPostgres : RotationTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.IntegrationTests.Support;
using Makker.Speech;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Telegram;

/// <summary>
/// Languages and reading aloud as a Telegram app sees them: the app's language_code picks Arabic at /start, the menus
/// come in each language, and "Read aloud" under the next time (asked for in plain words) brings a real Ogg/Opus voice message through sendVoice.
/// </summary>
public class LanguagesOverTelegramTests : RunsOnBothDatabases
{
    [SkippableFact]
    public async Task An_Arabic_app_gets_Arabic_plain_words_work_and_Read_aloud_brings_a_voice_message()
    {
        SpeechPrograms.Require();
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var catalog = bed.Host.Services.GetRequiredService<DialogCatalog>();
        var consent = catalog.Dialog(DialogIds.Onboarding).Steps["consent"];
        var layla = bed.Telegram.AddUser("Layla", "ar");

        await layla.SendTextAsync("/start");
        var yes = consent.Buttons.Single(b => b.Id == "yes").Label.For(Languages.Arabic);
        await bed.AdvanceUntilAsync(() => layla.LastBotMessage?.ButtonLabels.Contains(yes) == true);
        Assert.Equal(consent.Ask!.For(Languages.Arabic), layla.LastBotMessage!.Text);
        await layla.PressAsync(yes);
        await bed.AdvanceUntilAsync(() => layla.Messages.Count(m => m.FromBot) == 3);

        // Her menu, and the default one Telegram shows to Arabic apps, are in Arabic.
        await bed.AdvanceUntilAsync(() => bed.Telegram.MenuShownTo(layla).Any(c => c.Command == "pause"));
        Assert.Contains(bed.Telegram.MenuShownTo(layla), c => c.Command == "pause" && c.Description == catalog.Text(TextKeys.CommandPause, Languages.Arabic));
        Assert.Contains(bed.Telegram.CommandsFor("ar"), c => c.Command == "language" && c.Description == "تغيير اللغة");
        Assert.Contains(bed.Telegram.CommandsFor("uk"), c => c.Command == "language" && c.Description == "Змінити мову");

        // She writes "when is it?" in her own words: the next time comes with the reminder's buttons and Read aloud.
        await JoinDinnerTomorrowAsync(bed, layla.Id);
        await layla.SendTextAsync("متى الموعد؟");
        var readAloud = catalog.Text(ReadAloudTexts.Button, Languages.Arabic);
        await bed.AdvanceUntilAsync(() => layla.LastBotMessage?.ButtonLabels.Contains(readAloud) == true);
        var shown = layla.LastBotMessage!;
        const string I = "\u2068", P = "\u2069";
        var next = $"{I}Torsdagsmiddag{P} {I}غدًا الساعة {I}17:30{P}{P} في {I}Fælleshuset{P}.";
        Assert.Equal(next, shown.Text);
        Assert.Equal(["سآتي", "ليس اليوم", "أريد أن آتي مع أحد", readAloud], shown.ButtonLabels);

        await layla.PressAsync(shown, readAloud);
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentVoices.Count == 1 && VoiceStatus(bed) == OutboxStatus.Sent);

        var voice = Assert.Single(bed.Telegram.SentVoices);
        Assert.Equal(layla.Id, voice.ChatId);
        Assert.True(OggOpus.IsOggOpus(voice.Content));
        var duration = OggOpus.Duration(voice.Content)!.Value;
        Assert.InRange(duration.TotalSeconds, 2, 20);
        Assert.Equal((int)Math.Ceiling(duration.TotalSeconds), voice.Duration);
        Assert.True(layla.Messages.Last().IsVoice);
        Assert.Equal(catalog.Text(ReadAloudTexts.Coming, Languages.Arabic), layla.CallbackAnswers.Last().Text);
        await using var db = bed.Db();
        var row = await db.Outbox.SingleAsync(o => o.Kind == OutboxKind.Voice);
        Assert.Equal((next, Languages.Arabic, OutboxStatus.Sent), (row.Text, row.Language, row.Status));
        Assert.Equal(TelegramAddress.Of(voice.MessageId), row.ChannelMessageId);
    }

    [SkippableFact]
    public async Task A_Ukrainian_app_gets_Ukrainian_and_can_always_change_language()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var catalog = bed.Host.Services.GetRequiredService<DialogCatalog>();
        var olena = bed.Telegram.AddUser("Olena", "uk");
        await bed.ConsentAsync(olena, language: Languages.Ukrainian);
        Assert.StartsWith("Дякую, Olena!", olena.LastBotMessage!.Text, StringComparison.Ordinal);

        await olena.SendTextAsync("/language");
        await bed.AdvanceUntilAsync(() => olena.LastBotMessage?.ButtonLabels.Contains("Dansk") == true);
        Assert.Equal(["Dansk", "Let dansk", "English", "العربية", "Українська"], olena.LastBotMessage!.ButtonLabels.Take(5));
        await olena.PressAsync("English");
        await bed.AdvanceUntilAsync(() => olena.Messages.Any(m => m.FromBot && m.Text == "Great, I'll write in English from now on."));

        await using var db = bed.Db();
        Assert.Equal(Languages.English, (await db.People.SingleAsync()).Language);
    }

    private static OutboxStatus? VoiceStatus(TelegramTestBed bed)
    {
        using var db = bed.Db();
        return db.Outbox.Where(o => o.Kind == OutboxKind.Voice).Select(o => (OutboxStatus?)o.Status).SingleOrDefault();
    }

    /// <summary>A dinner at 17:30 tomorrow (Copenhagen), with the person as a member.</summary>
    private static async Task JoinDinnerTomorrowAsync(TelegramTestBed bed, long userId)
    {
        var now = bed.Clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        await using var db = bed.Db();
        var community = new Community { Name = "Fællesskabet", CreatedAt = now };
        db.Communities.Add(community);
        await db.SaveChangesAsync();
        var dinner = new Activity
        {
            CommunityId = community.Id, Name = "Torsdagsmiddag", Place = "Fælleshuset", StartsAt = new TimeOnly(17, 30), DurationMinutes = 150,
            InviteCode = "torsdag-inv1", CreatedAt = now,
        };
        db.Activities.Add(dinner);
        await db.SaveChangesAsync();
        var person = await db.People.SingleAsync(p => p.Channel == TelegramAddress.Channel && p.ExternalId == TelegramAddress.Of(userId));
        db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = person.Id, JoinedAt = now });
        var startsAt = LocalTimes.ToInstant(LocalTimes.LocalDate(now, zone).AddDays(1), new TimeOnly(17, 30), zone);
        db.Occurrences.Add(new Occurrence { ActivityId = dinner.Id, StartsAt = startsAt, EndsAt = startsAt.AddMinutes(150), CreatedAt = now });
        await db.SaveChangesAsync();
    }
}

public sealed class LanguagesOverTelegramTestsOnPostgres : LanguagesOverTelegramTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

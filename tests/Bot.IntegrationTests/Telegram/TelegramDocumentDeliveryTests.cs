using System.Globalization;
using System.Text;
using Makker.Conversations;
using Makker.IntegrationTests.Support;
using Makker.Storage;
using Makker.Telegram;
using Makker.Testing.FakeTelegram.Wire;
using Makker.Testing.FakeTelegram;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Telegram;

/// <summary>The outbox dispatcher delivering a row that carries a file (a CSV report) to the fake Telegram.</summary>
public class TelegramDocumentDeliveryTests : RunsOnBothDatabases
{
    private const string Report = "uge;kommer;ikke i dag;følgeskab\n47;12;3;1\n48;9;5;2\n";
    private const string Buttons = """[[{"label":"Tak","payload":"c:help"}]]""";

    [SkippableFact]
    public async Task A_row_with_a_document_goes_out_as_the_file_with_its_caption_and_buttons()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");

        var id = await QueueAsync(bed, mette, "Rapport for november", "makker-rapport-2026-11.csv", Report, Buttons);
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1 && StatusOf(bed, id) == OutboxStatus.Sent);

        var document = Assert.Single(bed.Telegram.SentDocuments);
        Assert.Equal(mette.Id, document.ChatId);
        Assert.Equal("makker-rapport-2026-11.csv", document.FileName);
        Assert.Equal(Encoding.UTF8.GetBytes(Report), document.Content);
        Assert.Equal("Rapport for november", document.Caption);
        Assert.Equal(["Tak"], document.ButtonLabels);
        Assert.Empty(bed.Telegram.SentMessages);
        await using var db = bed.Db();
        var row = await db.Outbox.SingleAsync(o => o.Id == id);
        Assert.Equal(TelegramAddress.Of(document.MessageId), row.ChannelMessageId);
        Assert.Equal(1, row.PartsSent);
        Assert.NotNull(row.SentAt);
    }

    [SkippableFact]
    public async Task A_document_for_someone_we_do_not_keep_is_deleted_once_sent()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");

        var id = await QueueAsync(bed, mette, "", "makker-rapport-2026-11.csv", Report, deleteWhenSent: true);
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1 && !Exists(bed, id));

        // An empty text is no caption at all, not an empty one.
        Assert.Null(Assert.Single(bed.Telegram.SentDocuments).Caption);
        Assert.False(Assert.Single(bed.Telegram.CallsTo("sendDocument")).Parameters.TryGetProperty("caption", out _));
    }

    [SkippableFact]
    public async Task A_caption_over_1024_characters_goes_first_as_text_and_a_failed_file_is_retried_without_the_text()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");
        var caption = LongCaption();
        bed.Telegram.FailNext("sendDocument", 1, 502);

        var id = await QueueAsync(bed, mette, caption, "makker-rapport-2026-11.csv", Report, Buttons);
        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1 && StatusOf(bed, id) == OutboxStatus.Sent);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(5));

        var text = Assert.Single(bed.Telegram.SentMessages);
        Assert.Equal(caption, text.Text);
        Assert.Empty(text.ButtonLabels);
        var document = Assert.Single(bed.Telegram.SentDocuments);
        Assert.Null(document.Caption);
        Assert.Equal(["Tak"], document.ButtonLabels);
        Assert.Equal([502, 200], bed.Telegram.CallsTo("sendDocument").Select(c => c.StatusCode));
        // Text first, then the file, and nothing more in the chat.
        Assert.Equal([null, "makker-rapport-2026-11.csv"], mette.Messages.Select(m => m.DocumentName));
        await using var db = bed.Db();
        var row = await db.Outbox.SingleAsync(o => o.Id == id);
        Assert.Equal((2, TelegramAddress.Of(document.MessageId)), (row.PartsSent, row.ChannelMessageId));
        Assert.Equal(1, row.Attempts);
    }

    [SkippableFact]
    public async Task After_a_restart_with_the_text_already_sent_only_the_file_goes()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        var mette = bed.Telegram.AddUser("Mette");
        // As if the process died after Telegram took the text and before the file.
        var id = await QueueAsync(bed, mette, LongCaption(), "makker-rapport-2026-11.csv", Report, partsSent: 1);

        await bed.AdvanceUntilAsync(() => bed.Telegram.SentDocuments.Count == 1 && StatusOf(bed, id) == OutboxStatus.Sent);
        await bed.LetTimePassAsync(TimeSpan.FromSeconds(3));

        Assert.Empty(bed.Telegram.SentMessages);
        Assert.Single(bed.Telegram.SentDocuments);
    }

    [SkippableFact]
    public async Task Texts_and_files_to_one_chat_keep_its_order_and_Telegrams_limits()
    {
        await using var bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook, storage: Provider);
        bed.Telegram.EnforceRateLimits = true;
        var mette = bed.Telegram.AddUser("Mette");

        await QueueAsync(bed, mette, "Her kommer rapporterne.");
        await QueueAsync(bed, mette, "Oktober", "makker-rapport-2026-10.csv", Report);
        await QueueAsync(bed, mette, LongCaption(), "makker-rapport-2026-11.csv", Report);
        await bed.AdvanceUntilAsync(() => mette.Messages.Count == 4);

        Assert.Equal(0, bed.Telegram.RateLimitViolations);
        Assert.Equal([null, "makker-rapport-2026-10.csv", null, "makker-rapport-2026-11.csv"], mette.Messages.Select(m => m.DocumentName));
        Assert.Equal(["Her kommer rapporterne.", "Oktober"], mette.Messages.Take(2).Select(m => m.Text));
    }

    /// <summary>Fits in one message but not in a caption.</summary>
    private static string LongCaption()
    {
        var caption = string.Join('\n', Enumerable.Range(1, 40).Select(i => $"Uge {i}: så mange kom til fællesspisningen."));
        Assert.InRange(caption.Length, FakeTelegramServer.MaxCaptionLength + 1, FakeTelegramServer.MaxMessageLength);
        return caption;
    }

    private static OutboxStatus StatusOf(TelegramTestBed bed, long outboxId)
    {
        using var db = bed.Db();
        return db.Outbox.Single(o => o.Id == outboxId).Status;
    }

    private static bool Exists(TelegramTestBed bed, long outboxId)
    {
        using var db = bed.Db();
        return db.Outbox.Any(o => o.Id == outboxId);
    }

    /// <summary>A row as a feature writes it (a coordinator's report, say).</summary>
    private static async Task<long> QueueAsync(TelegramTestBed bed, FakeUser to, string text, string? documentName = null, string? documentText = null,
        string? buttonsJson = null, int partsSent = 0, bool deleteWhenSent = false)
    {
        await using var db = bed.Db();
        var row = new OutboxMessage
        {
            Channel = TelegramAddress.Channel,
            Address = to.Id.ToString(CultureInfo.InvariantCulture),
            Text = text,
            DocumentName = documentName,
            DocumentText = documentText,
            ButtonsJson = buttonsJson,
            PartsSent = partsSent,
            DeleteWhenSent = deleteWhenSent,
            CreatedAt = bed.Clock.GetUtcNow(),
        };
        db.Outbox.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}

public sealed class TelegramDocumentDeliveryTestsOnPostgres : TelegramDocumentDeliveryTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

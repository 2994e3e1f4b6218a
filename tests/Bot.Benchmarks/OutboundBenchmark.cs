using Makker.Conversations;
using Makker.Storage;
using Makker.Telegram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Benchmarks;

/// <summary>
/// A broadcast to many people at once: pending outbox rows for distinct chats, sent by the real dispatcher to a
/// fake Telegram that enforces the real limits. Measures the sustained rate and checks that every person got
/// exactly one message without a single 429.
/// </summary>
public static class OutboundBenchmark
{
    public sealed record Result(int Recipients, int Sent, double Seconds, double MessagesPerSecond, double WallSeconds,
        int Lost, int Duplicated, int Unexpected, int RateLimitViolations, int Responses429, int RowsNotMarkedSent, int ChatsOutOfOrder)
    {
        public bool Correct => Lost == 0 && Duplicated == 0 && Unexpected == 0 && RateLimitViolations == 0 && Responses429 == 0 && RowsNotMarkedSent == 0
            && ChatsOutOfOrder == 0;
    }

    /// <param name="messagesPerChat">
    /// 1: a broadcast. More: what people onboarding at once get (a welcome, the consent question, the thanks): each
    /// chat waits a second between its messages, so the rate depends on how many chats are served side by side.
    /// The chats get messagesPerChat and messagesPerChat - 1 by turns.
    /// </param>
    /// <param name="parallelChats">Telegram:ParallelChats for the host; null keeps its default.</param>
    public static async Task<Result> RunAsync(int recipients, TextWriter log, int messagesPerChat = 1, int? parallelChats = null)
    {
        var extra = parallelChats is { } n ? new Dictionary<string, string> { ["Telegram:ParallelChats"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;
        await using var bed = await BenchBed.StartAsync(await BenchDatabase.CreateAsync(BenchStorage.Sqlite), ownsDatabase: true, extra);
        bed.Telegram.EnforceRateLimits = true;
        var users = Enumerable.Range(0, recipients).Select(i => bed.Telegram.AddUser($"Deltager{i}", i % 5 == 0 ? "en" : "da")).ToList();

        // Known, consenting people, as an announcement goes to; all rows in one transaction, like one broadcast.
        var now = DateTimeOffset.UtcNow;
        await using (var db = bed.Db())
        {
            var people = users.Select(u => new Person
            {
                Channel = TelegramAddress.Channel,
                ExternalId = TelegramAddress.Of(u.Id),
                FirstName = u.FirstName,
                Language = u.LanguageCode,
                Consent = ConsentState.Given,
                ConsentChangedAt = now,
                CreatedAt = now,
            }).ToList();
            db.People.AddRange(people);
            await db.SaveChangesAsync();
            // A chat's rows in the order a turn writes them; the people's turns one after another, as they came in.
            db.Outbox.AddRange(people.SelectMany((p, i) => Enumerable.Range(1, i % 2 == 0 ? messagesPerChat : Math.Max(1, messagesPerChat - 1)).Select(k => new OutboxMessage
            {
                PersonId = p.Id,
                Channel = TelegramAddress.Channel,
                Address = p.ExternalId,
                Text = (p.Language == "en"
                    ? "Shared dinner is on Thursday at 17:30 in the community hall. Everyone is welcome, and it costs nothing to say not today."
                    : "Fællesspisning er torsdag kl. 17:30 i fælleshuset. Alle er velkomne, og det koster ingenting at sige ikke i dag.") + $" ({k})",
                Status = OutboxStatus.Pending,
                CreatedAt = now,
            })));
            await db.SaveChangesAsync();
        }
        var wall = new CpuWindow();
        var perChatExpected = users.Select((u, i) => (u.Id, Count: i % 2 == 0 ? messagesPerChat : Math.Max(1, messagesPerChat - 1))).ToDictionary(x => x.Id, x => x.Count);
        bed.Services.GetRequiredService<OutboxSignal>().Pulse();

        // 5,000 at under 30/s takes minutes: a line every 15 s shows it is moving.
        var deadline = TimeSpan.FromSeconds(recipients / 20.0 + 60);
        var lastReport = 0.0;
        // Done when every chat has all its messages (counted per chat, so duplicates cannot end it early).
        int Reached() => bed.Telegram.SentMessages.GroupBy(m => m.ChatId).Count(g => g.Select(m => m.Text).Distinct().Count() >= perChatExpected.GetValueOrDefault(g.Key));
        while (Reached() < recipients && wall.Seconds < deadline.TotalSeconds)
        {
            await Task.Delay(250);
            if (wall.Seconds - lastReport >= 15)
            {
                lastReport = wall.Seconds;
                log.WriteLine($"    {Reached(),5} of {recipients} chats reached after {Format.N(wall.Seconds)} s");
            }
        }
        var wallSeconds = wall.Seconds;
        // A little longer, so a duplicate sent late would still be seen.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var sent = bed.Telegram.SentMessages;
        var perChat = sent.GroupBy(m => m.ChatId).ToDictionary(g => g.Key, g => g.Count());
        var expected = users.Select(u => u.Id).ToHashSet();
        var lost = expected.Sum(id => Math.Max(0, perChatExpected[id] - sent.Where(m => m.ChatId == id).Select(m => m.Text).Distinct().Count()));
        var duplicated = sent.Where(m => expected.Contains(m.ChatId)).GroupBy(m => (m.ChatId, m.Text)).Sum(g => g.Count() - 1);
        // Each chat's messages arrive in the order they were written.
        var disordered = sent.GroupBy(m => m.ChatId).Count(g => !g.Select(m => m.Text).SequenceEqual(g.Select(m => m.Text).Order(StringComparer.Ordinal)));
        var unexpected = perChat.Where(kv => !expected.Contains(kv.Key)).Sum(kv => kv.Value);
        var responses429 = bed.Telegram.CallsTo("sendMessage").Count(c => c.StatusCode == 429);
        int notMarked;
        await using (var db = bed.Db())
        {
            notMarked = await db.Outbox.CountAsync(o => o.Status != OutboxStatus.Sent || o.ChannelMessageId == null);
        }
        var seconds = sent.Count > 1 ? (sent.Max(m => m.Time) - sent.Min(m => m.Time)).TotalSeconds : double.NaN;
        return new Result(recipients, sent.Count, seconds, (sent.Count - 1) / seconds, wallSeconds,
            lost, duplicated, unexpected, bed.Telegram.RateLimitViolations, responses429, notMarked, disordered);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Makker.Testing.FakeTelegram.Wire;
using Makker.Telegram.Receiving;
using Microsoft.Extensions.DependencyInjection;
using Makker.Storage;
using Makker.Testing;
using Microsoft.EntityFrameworkCore;

namespace Makker.Benchmarks;

/// <summary>
/// Telegram's side of the webhook: POSTs updates from many people to the real host and times each one from the
/// request to the 200, which the host sends only once the turn (state, receipt and outbox rows) is committed.
/// </summary>
public sealed class InboundBenchmark : IAsyncDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly BenchBed _bed;
    private readonly SimulatedPeople _people;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stopHarvest = new();
    private readonly Task _harvest;
    private long _accepted;
    private long _failed;

    // The bodies posted to the host, replayed to the bare endpoint so both read the very same JSON.
    private const int RecordedBodies = 20_000;
    private readonly ConcurrentQueue<byte[]> _recorded = new();

    private InboundBenchmark(BenchBed bed, SimulatedPeople people)
    {
        _bed = bed;
        _people = people;
        // Telegram opens up to 40 connections to a webhook by default; the closed loop uses one per sender.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        _harvest = Task.Run(() => _people.HarvestQuestionsAsync(bed.Db, idsCommitInOrder: bed.Database.Storage == BenchStorage.Sqlite, _stopHarvest.Token));
    }

    public sealed record ClosedLoopResult(int Senders, long Updates, double Seconds, Latencies Latency, double CpuPercent, double OthersPercent, double PostgresPercent,
        long Failed)
    {
        public double PerSecond => Updates / Seconds;

        /// <summary>Bytes the whole process allocated per update during the run (the host, and this tool's own side).</summary>
        public double AllocatedPerUpdate { get; init; }
    }

    public sealed record OpenLoopResult(int Rate, long Updates, double Seconds, Latencies FromSchedule, Latencies Service, double CpuPercent,
        double OthersPercent, double PostgresPercent, long Failed)
    {
        public double PerSecond => Updates / Seconds;
    }

    public static async Task<InboundBenchmark> StartAsync(int people, BenchStorage storage)
    {
        var bed = await BenchBed.StartAsync(storage);
        return new InboundBenchmark(bed, new SimulatedPeople(bed.Telegram, people));
    }

    public string Mix => _people.Mix();

    public int NotOnboarded => _people.NotOnboarded;

    public string StorageName => _bed.Database.Name;

    /// <summary>N senders, each sending its next update as soon as the previous one was answered.</summary>
    public async Task<ClosedLoopResult> ClosedLoopAsync(int senders, TimeSpan duration)
    {
        var failedBefore = Interlocked.Read(ref _failed);
        var window = new CpuWindow();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() => SenderAsync(until))));
        var seconds = window.Seconds;
        var all = samples.SelectMany(s => s).ToList();
        return new ClosedLoopResult(senders, all.Count, seconds, Latencies.Of(all), window.CpuPercent, window.OthersPercent, window.PostgresPercent,
            Interlocked.Read(ref _failed) - failedBefore);
    }

    private async Task<List<double>> SenderAsync(long until)
    {
        var samples = new List<double>();
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_people.TakeReady() is not { } person)
            {
                await Task.Delay(1);
                continue;
            }
            var body = _people.NextUpdate(person);
            var start = Stopwatch.GetTimestamp();
            await PostAsync(body);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            _people.Return(person);
        }
        return samples;
    }

    /// <summary>
    /// One caller handing updates straight to the host's update handler, without HTTP: the cost of a turn itself.
    /// Every turn holds SQLite's single write lock from start to commit, so this bounds the webhook's throughput.
    /// </summary>
    public async Task<ClosedLoopResult> DirectAsync(TimeSpan duration)
    {
        var handler = _bed.Services.GetRequiredService<TelegramUpdateHandler>();
        var window = new CpuWindow();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = new List<double>();
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_people.TakeReady() is not { } person)
            {
                await Task.Delay(1);
                continue;
            }
            var update = JsonSerializer.Deserialize<global::Telegram.Bot.Types.Update>(_people.NextUpdate(person), global::Telegram.Bot.JsonBotAPI.Options)!;
            var start = Stopwatch.GetTimestamp();
            await handler.HandleAsync(update, CancellationToken.None);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Interlocked.Increment(ref _accepted);
            _people.Return(person);
        }
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        return new ClosedLoopResult(1, samples.Count, window.Seconds, Latencies.Of(samples), window.CpuPercent, window.OthersPercent, window.PostgresPercent, 0)
        {
            AllocatedPerUpdate = (double)allocated / Math.Max(1, samples.Count),
        };
    }

    /// <summary>
    /// Updates at a fixed rate whether or not earlier ones were answered, as Telegram delivers them. The time of
    /// each is counted from when it was due, so a stall shows up in full instead of delaying the next sends.
    /// </summary>
    public async Task<OpenLoopResult> OpenLoopAsync(int perSecond, TimeSpan duration)
    {
        var failedBefore = Interlocked.Read(ref _failed);
        var total = (int)(perSecond * duration.TotalSeconds);
        var fromSchedule = new double[total];
        var service = new double[total];
        var sends = new Task[total];
        var window = new CpuWindow();
        var start = Stopwatch.GetTimestamp();
        var interval = (double)Stopwatch.Frequency / perSecond;

        // The schedule runs on its own thread, so a busy thread pool delays the answers, not the sending.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total;)
            {
                var now = Stopwatch.GetTimestamp();
                for (; i < total && start + (long)(i * interval) <= now; i++)
                {
                    var due = start + (long)(i * interval);
                    sends[i] = SendDueAsync(i, due, fromSchedule, service);
                }
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "open-loop schedule" };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(sends);
        var seconds = window.Seconds;
        return new OpenLoopResult(perSecond, total, seconds, Latencies.Of(fromSchedule), Latencies.Of(service), window.CpuPercent,
            window.OthersPercent, window.PostgresPercent, Interlocked.Read(ref _failed) - failedBefore);
    }

    private async Task SendDueAsync(int i, long due, double[] fromSchedule, double[] service)
    {
        SimulatedPeople.Person? person;
        while ((person = _people.TakeReady()) is null)
        {
            // Everyone is busy or waiting for the bot's question: with thousands of people this does not happen.
            await Task.Delay(1);
        }
        var body = _people.NextUpdate(person);
        var start = Stopwatch.GetTimestamp();
        await PostAsync(body);
        var end = Stopwatch.GetTimestamp();
        fromSchedule[i] = Stopwatch.GetElapsedTime(due, end).TotalMilliseconds;
        service[i] = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
        _people.Return(person);
    }

    /// <summary>
    /// The floor under Makker's number: a bare Kestrel endpoint in this process that reads the same webhook JSON into
    /// Telegram.Bot's Update, checks the secret, and answers 200, driven by the same closed loop with the bodies the
    /// host was sent. Makker's throughput divided by this says how much of the machine a turn costs beyond HTTP.
    /// </summary>
    public async Task<ClosedLoopResult> BareKestrelAsync(int senders, TimeSpan duration)
    {
        var secret = _bed.Secret;
        var (app, address) = await Loopback.StartAsync(async http =>
        {
            if (http.Request.Headers["X-Telegram-Bot-Api-Secret-Token"] != secret)
            {
                http.Response.StatusCode = 401;
                return;
            }
            var update = await JsonSerializer.DeserializeAsync<global::Telegram.Bot.Types.Update>(http.Request.Body, global::Telegram.Bot.JsonBotAPI.Options);
            http.Response.StatusCode = update is { Id: > 0 } ? 200 : 400;
        });
        await using var _ = app;
        var url = new Uri(address, "telegram/webhook");
        var bodies = _recorded.ToArray();
        long next = 0, failed = 0;
        var window = new CpuWindow();
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var samples = await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (Stopwatch.GetTimestamp() < until)
            {
                var body = bodies[(int)(Interlocked.Increment(ref next) % bodies.Length)];
                var start = Stopwatch.GetTimestamp();
                if (!await PostAsync(url, body))
                {
                    Interlocked.Increment(ref failed);
                }
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return mine;
        })));
        var seconds = window.Seconds;
        await app.StopAsync();
        var all = samples.SelectMany(s => s).ToList();
        return new ClosedLoopResult(senders, all.Count, seconds, Latencies.Of(all), window.CpuPercent, window.OthersPercent, window.PostgresPercent, failed);
    }

    private async Task<bool> PostAsync(Uri url, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", _bed.Secret);
        try
        {
            using var response = await _http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task PostAsync(byte[] body)
    {
        if (_recorded.Count < RecordedBodies)
        {
            _recorded.Enqueue(body);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _bed.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", _bed.Secret);
        try
        {
            using var response = await _http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _accepted);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    /// <summary>Every update answered 200 must have its turn saved: one receipt each, none missing, none extra.</summary>
    public async Task<(long Accepted, int Receipts, long Failed)> CheckAsync()
    {
        await using var db = _bed.Db();
        return (Interlocked.Read(ref _accepted), await db.InboundReceipts.CountAsync(), Interlocked.Read(ref _failed));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopHarvest.CancelAsync();
        try
        {
            await _harvest;
        }
        catch (OperationCanceledException)
        {
        }
        _http.Dispose();
        await _bed.DisposeAsync();
        _stopHarvest.Dispose();
    }
}

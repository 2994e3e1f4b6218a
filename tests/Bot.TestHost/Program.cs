using System.Globalization;
using Makker.Host;
using Microsoft.Extensions.Time.Testing;

// The real host (MakkerHost.RunAsync, as src/Bot.Host runs it) with a fake clock instead of the system's, so a test
// can kill this process with SIGKILL or stop it with SIGTERM and still decide when time passes.
//   MAKKER_TEST_CLOCK   the clock's start, an ISO 8601 instant
//   stdin               one command a line: "advance <milliseconds>"; each is answered on stdout with "clock <ticks>"
//                       once the clock has moved, so the test knows timers due by then have been told.
var start = DateTimeOffset.Parse(Environment.GetEnvironmentVariable("MAKKER_TEST_CLOCK") ?? "2026-11-24T09:00:00Z", CultureInfo.InvariantCulture);
var clock = new FakeTimeProvider(start);

_ = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is { } line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is ["advance", var ms])
        {
            clock.Advance(TimeSpan.FromMilliseconds(double.Parse(ms, CultureInfo.InvariantCulture)));
            Console.Out.WriteLine($"clock {clock.GetUtcNow().UtcTicks}");
            Console.Out.Flush();
        }
    }
});

return await MakkerHost.RunAsync(args, builder => builder.Services.AddSingleton<TimeProvider>(clock));

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Scheduling;

/// <summary>
/// Work that runs every so often (retention, delivery reports). Each feature registers its own with
/// <see cref="RecurringWorkRegistration.AddRecurringWork{T}"/> in its <c>AddX</c>; the scheduler makes a Hangfire
/// recurring job of it, which runs on one instance at a time.
/// </summary>
public interface IRecurringWork
{
    /// <summary>The recurring job's id: short, stable.</summary>
    string Id { get; }

    /// <summary>What an operator reads in the dashboard.</summary>
    string Name { get; }

    TimeSpan Every { get; }

    /// <param name="now">Product time (the clock tests move), not Hangfire's.</param>
    Task RunAsync(DateTimeOffset now, CancellationToken ct);
}

public static class RecurringWorkRegistration
{
    public static IServiceCollection AddRecurringWork<T>(this IServiceCollection services) where T : class, IRecurringWork
    {
        services.AddSingleton<T>();
        services.AddSingleton<IRecurringWork>(sp => sp.GetRequiredService<T>());
        return services;
    }

    /// <summary>
    /// A cron expression that fires every <paramref name="every"/>, counted from the top of the minute, hour or day.
    /// An interval that does not divide it evenly (7 minutes) restarts there, so the last gap is shorter.
    /// </summary>
    public static string Cron(TimeSpan every)
    {
        if (every < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(every), every, "A recurring job runs at most once a second.");
        }
        static string N(double value) => ((int)value).ToString(CultureInfo.InvariantCulture);
        return every switch
        {
            _ when every < TimeSpan.FromMinutes(1) => $"*/{N(every.TotalSeconds)} * * * * *",
            _ when every < TimeSpan.FromHours(1) => $"*/{N(every.TotalMinutes)} * * * *",
            _ when every < TimeSpan.FromDays(1) => $"0 */{N(every.TotalHours)} * * *",
            _ => $"0 0 */{N(Math.Min(every.TotalDays, 31))} * *",
        };
    }
}

using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Makker.Scheduling;

/// <summary>
/// Hangfire's own log lines into the host's logging. Hangfire keeps one log provider per process; when tests run two
/// hosts in one process and the one it writes to has stopped, its lines are dropped instead of failing Hangfire.
/// </summary>
internal sealed class HangfireLogs(ILoggerFactory factory) : ILogProvider
{
    public static ILogProvider To(ILoggerFactory factory) => new HangfireLogs(factory);

    public ILog GetLogger(string name) => new Forwarder(factory, name);

    private sealed class Forwarder(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = _logger ??= factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => LogLevel.Trace,
                    HangfireLevel.Debug => LogLevel.Debug,
                    HangfireLevel.Info => LogLevel.Information,
                    HangfireLevel.Warn => LogLevel.Warning,
                    HangfireLevel.Error => LogLevel.Error,
                    _ => LogLevel.Critical,
                };
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }
                if (logger.IsEnabled(level))
                {
                    logger.Log(level, exception, "{HangfireMessage}", messageFunc());
                }
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}

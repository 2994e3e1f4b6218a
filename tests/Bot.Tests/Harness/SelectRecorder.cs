using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Makker.Tests.Harness;

/// <summary>Every SELECT the host runs, with its parameters, for tests about what a turn reads.</summary>
public sealed class SelectRecorder : DbCommandInterceptor
{
    private readonly ConcurrentQueue<(string Sql, (string Name, object? Value)[] Parameters)> _commands = new();

    public IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> Commands => _commands;

    public void Clear() => _commands.Clear();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            _commands.Enqueue((command.CommandText,
                command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToArray()));
        }
        return ValueTask.FromResult(result);
    }
}

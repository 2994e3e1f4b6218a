using System.Collections.Concurrent;
using System.Data.Common;
using Makker.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// Counts the database commands one HTTP request runs: a request carrying the header <see cref="Header"/> is counted
/// under its value, through the request's own async flow, so the scheduler and the dispatcher working at the same time
/// are not counted.
/// </summary>
public sealed class RequestQueries : DbCommandInterceptor, IStartupFilter
{
    public const string Header = "X-Count-Queries";

    private static readonly AsyncLocal<StrongBox> Current = new();

    private readonly ConcurrentDictionary<string, StrongBox> _counts = new();

    private sealed class StrongBox
    {
        public int Value;
        public readonly List<string> Sql = [];
    }

    /// <summary>Registers the counter in a host's services (EF interceptor and the first middleware).</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureDbContext<MakkerDb>(o => o.AddInterceptors(this));
        services.AddSingleton<IStartupFilter>(this);
    }

    public int CountOf(string request) => _counts.TryGetValue(request, out var box) ? box.Value : throw new InvalidOperationException($"no request '{request}' was counted");

    public IReadOnlyList<string> SqlOf(string request) => _counts[request].Sql;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (HttpContext http, RequestDelegate nextMiddleware) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var name))
            {
                Current.Value = _counts.GetOrAdd(name.ToString(), _ => new StrongBox());
            }
            await nextMiddleware(http);
        });
        next(app);
    };

    private static void Count(DbCommand command)
    {
        if (Current.Value is { } box)
        {
            lock (box)
            {
                box.Value++;
                box.Sql.Add(command.CommandText);
            }
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }
}

using Hangfire;
using Hangfire.Dashboard;
using Makker.Features.Dashboard;

namespace Makker.Host.Dashboard;

/// <summary>
/// Hangfire's own dashboard at /hangfire, for the operators only (Bot:Operators), after the dashboard's usual login
/// (/dashboard on Telegram gives them the link). Everyone else gets 401, logged in or not; operators look without
/// changing anything unless Bot:OperatorsMayRetry is on.
/// </summary>
public static class SchedulerDashboard
{
    public const string Path = "/hangfire";

    public static WebApplication MapSchedulerDashboard(this WebApplication app)
    {
        if (app.Services.GetService<JobStorage>() is not { } storage)
        {
            return app; // the scheduler is off in this host
        }
        var operators = app.Services.GetRequiredService<Operators>();
        // Hangfire answers 403 to someone logged in whom its filters refuse; here nobody but an operator learns more than 401.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch => branch.Use(async (http, next) =>
        {
            if (!await IsOperatorAsync(operators, http))
            {
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(http);
        }));
        var filter = new OperatorsOnly(operators);
        app.UseHangfireDashboard(Path, new Hangfire.DashboardOptions
        {
            // Both lists are asked, and the default of the first lets any local request in: replaced, not added to.
            Authorization = [filter],
            AsyncAuthorization = [filter],
            IsReadOnlyFunc = _ => !operators.MayRetry,
            DashboardTitle = "Makker · scheduler",
            AppPath = "/dashboard",
        }, storage);
        return app;
    }

    private static async Task<bool> IsOperatorAsync(Operators operators, HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && await operators.IsAsync(DashboardAccess.PersonOf(http.User), http.RequestAborted);

    private sealed class OperatorsOnly(Operators operators) : IDashboardAuthorizationFilter, IDashboardAsyncAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.Identity?.IsAuthenticated == true;

        public Task<bool> AuthorizeAsync(DashboardContext context) => IsOperatorAsync(operators, context.GetHttpContext());
    }
}

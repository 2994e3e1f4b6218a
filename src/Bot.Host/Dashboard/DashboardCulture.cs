using System.Globalization;
using Makker.Conversations.Dialogs;
using Microsoft.AspNetCore.Localization;

namespace Makker.Host.Dashboard;

/// <summary>
/// The dashboard's language: the one chosen on the page (a cookie), else the coordinator's own language from the
/// chat (easy-read Danish reads Danish; Arabic and Ukrainian read English, the dashboard being in Danish and English
/// only), on the front page the browser's language, else Danish. Day and month names, dates and numbers follow it.
/// </summary>
public static class DashboardCulture
{
    public const string CookieName = "makker_language";

    public static readonly CultureInfo Danish = CultureInfo.GetCultureInfo("da-DK");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static IReadOnlyList<CultureInfo> Supported { get; } = [Danish, English];

    /// <summary>"da" or "en": the dialog language that goes with the page's culture.</summary>
    public static string DialogLanguage(CultureInfo culture) => culture.TwoLetterISOLanguageName == "da" ? Languages.Danish : Languages.English;

    /// <summary>A chat language ("da", "da-easy", "ar", ...) or a choice ("da", "en") as the dashboard's culture.</summary>
    public static CultureInfo For(string? language) => language switch
    {
        null or "" => Danish,
        _ when language.StartsWith("da", StringComparison.OrdinalIgnoreCase) => Danish,
        _ => English,
    };

    public static IApplicationBuilder UseDashboardCulture(this IApplicationBuilder app) =>
        app.UseRequestLocalization(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Danish);
            o.SupportedCultures = [.. Supported];
            o.SupportedUICultures = [.. Supported];
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(
                    http.Request.Cookies.TryGetValue(CookieName, out var chosen) && chosen is "da" or "en" ? Result(For(chosen)) : null)),
                new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(
                    http.User.FindFirst(DashboardAccess.LanguageClaim)?.Value is { Length: > 0 } own ? Result(For(own)) : null)),
                // The front page, for someone who is not a coordinator: the browser's language.
                new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(
                    http.Request.Path == "/" && http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault() is { } first
                        ? Result(For(first.Value.Value)) : null)),
            ];
        });

    private static ProviderCultureResult Result(CultureInfo culture) => new(culture.Name, culture.Name);
}

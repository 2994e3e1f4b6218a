using System.Text;
using System.Text.Encodings.Web;

namespace Makker.Host.Dashboard;

/// <summary>A page built on the server: every value goes through the HTML encoder, nothing comes from a CDN.</summary>
public sealed class Html
{
    private readonly StringBuilder _body = new();

    public static string E(string? value) => HtmlEncoder.Default.Encode(value ?? "");

    /// <summary>Trusted markup written by this code; values inside it must already be encoded with <see cref="E"/>.</summary>
    public Html Raw(string markup)
    {
        _body.Append(markup);
        return this;
    }

    public IResult Page(string title, int status = StatusCodes.Status200OK) => Results.Content($$"""
        <!doctype html>
        <html lang="da">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} – Makker</title>
        <link rel="stylesheet" href="{{DashboardSecurity.StylesheetPath}}">
        </head>
        <body>
        <h1>{{E(title)}}</h1>
        {{_body}}
        </body>
        </html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}

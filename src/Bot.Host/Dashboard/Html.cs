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
        <style>
        body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 60rem; line-height: 1.5; color: #222; }
        nav a { margin-right: 1rem; }
        table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        .chart { max-width: 100%; height: auto; }
        .note { color: #555; font-size: .9rem; }
        @media (max-width: 40rem) { th, td { display: block; border: 0; padding: .1rem 0; } tr { display: block; border-bottom: 1px solid #ddd; padding: .4rem 0; } }
        </style>
        </head>
        <body>
        <h1>{{E(title)}}</h1>
        {{_body}}
        </body>
        </html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Makker.IntegrationTests.Support;

/// <summary>
/// A browser's part in the dashboard tests over plain loopback http, as if behind an https proxy: every request says
/// X-Forwarded-Proto: https (a proxy on this machine is trusted), and the cookies, Secure outside Development, are kept
/// here, since HttpClient's own cookie container sends a Secure cookie over https only. Redirects are followed here too,
/// so a cookie set on a redirect goes along.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    public DashboardClient(Uri baseAddress, bool https = true)
    {
        _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        if (https)
        {
            _http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }
    }

    /// <summary>Sends this header with every request from now on (or stops, with null).</summary>
    public void SetHeader(string name, string? value)
    {
        _http.DefaultRequestHeaders.Remove(name);
        if (value is not null)
        {
            _http.DefaultRequestHeaders.Add(name, value);
        }
    }

    /// <summary>The cookies held now, by name.</summary>
    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header received, as sent.</summary>
    public List<string> SetCookies { get; } = [];

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')));

    public async Task<string> GetStringAsync(string path) => await (await GetAsync(path)).Content.ReadAsStringAsync();

    /// <summary>Posts a form; <paramref name="page"/>'s anti-forgery field goes along when given, as a browser's form would send it.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, string? page = null, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (page is not null)
        {
            all.Add(("__RequestVerificationToken", FormToken(page)));
        }
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new FormUrlEncodedContent(all.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        });
    }

    /// <summary>Opens a login link and presses its one button, as a person does.</summary>
    public async Task LogInAsync(string link)
    {
        var path = new Uri(link).PathAndQuery;
        var page = await (await GetAsync(path)).Content.ReadAsStringAsync();
        var response = await PostAsync("dashboard/login", page, ("token", HiddenFields(page).Single(f => f.Name == "token").Value));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Oversigt</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The anti-forgery field's value on a page.</summary>
    public static string FormToken(string page) => HiddenFields(page).First(f => f.Name == "__RequestVerificationToken").Value;

    /// <summary>Every hidden field on a page, its attributes in any order, values decoded.</summary>
    public static IEnumerable<(string Name, string Value)> HiddenFields(string page) =>
        InputTag().Matches(page).Select(m => Attributes().Matches(m.Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value)))
            .Where(a => a.GetValueOrDefault("type") == "hidden" && a.ContainsKey("name"))
            .Select(a => (a["name"], a.GetValueOrDefault("value") ?? ""));

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make)
    {
        var request = make();
        for (var hops = 0; ; hops++)
        {
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }
            var response = await _http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                SetCookies.Add(header);
                var pair = header.Split(';')[0];
                var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther) || hops == 5)
            {
                return response;
            }
            request = new HttpRequestMessage(HttpMethod.Get, response.Headers.Location!.OriginalString.TrimStart('/'));
        }
    }

    /// <summary>A login link as the bot sends it; group 1 is its token.</summary>
    [GeneratedRegex(@"https?://\S+/dashboard/login\?token=([A-Za-z0-9_-]+)")]
    public static partial Regex LinkPattern();

    /// <summary>A demo person who has said yes in the web chat writes /dashboard there; the link it sends back.</summary>
    public static async Task<string> WebChatLinkAsync(RunningHost host, string who, string name)
    {
        using var chat = host.Client();
        (await chat.PostAsJsonAsync($"api/webchat/{who}/messages", new { text = "/dashboard", firstName = name, language = "da" })).EnsureSuccessStatusCode();
        return LinkPattern().Matches(await chat.GetStringAsync($"api/webchat/{who}/messages")).Last().Value;
    }

    /// <summary>The person writes /dashboard to the bot on Telegram; the link it sends back.</summary>
    public static async Task<string> LinkAsync(TelegramTestBed bed, Makker.Testing.FakeTelegram.FakeUser user)
    {
        var before = user.Messages.Count;
        await user.SendTextAsync("/dashboard");
        await bed.AdvanceUntilAsync(() => user.Messages.Skip(before).Any(m => m.FromBot && LinkPattern().IsMatch(m.Text)));
        return LinkPattern().Match(user.Messages.Skip(before).Last(m => m.FromBot && LinkPattern().IsMatch(m.Text)).Text).Value;
    }

    [GeneratedRegex("<input\\b[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("([a-zA-Z-]+)=\"([^\"]*)\"")]
    private static partial Regex Attributes();

    public void Dispose() => _http.Dispose();
}

using System.Net;
using System.Text;
using Makker.IntegrationTests.Support;
using Makker.Telegram;
using Makker.Telegram.Receiving;
using Microsoft.EntityFrameworkCore;

namespace Makker.IntegrationTests.Telegram;

/// <summary>The webhook endpoint as an attacker or a broken proxy sees it.</summary>
public sealed class WebhookSecurityTests : IAsyncLifetime
{
    private TelegramTestBed _bed = null!;
    private HttpClient _http = null!;

    private const string StartUpdate = """{"update_id":777,"message":{"message_id":1,"date":1790000000,"chat":{"id":4242,"type":"private","first_name":"Eve"},"from":{"id":4242,"is_bot":false,"first_name":"Eve"},"text":"/start"}}""";

    public async Task InitializeAsync()
    {
        _bed = await TelegramTestBed.StartAsync(TelegramReceiveMode.Webhook);
        _http = _bed.Host.Client();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _bed.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    public async Task A_call_without_the_right_secret_gets_401_and_is_never_processed(string? secret)
    {
        var response = await PostAsync(StartUpdate, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await using var db = _bed.Db();
        Assert.False(await db.People.AnyAsync());
        Assert.False(await db.InboundReceipts.AnyAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"update_id":"seven"}""")]
    // Valid JSON, but not an update Telegram.Bot can read.
    [InlineData("""{"update_id":7,"message":{"message_id":"one","chat":"nobody","date":"today"}}""")]
    [InlineData("""{"update_id":8,"callback_query":{"id":1,"from":[]}}""")]
    public async Task A_malformed_body_gets_400_and_the_next_good_one_still_works(string body)
    {
        var bad = await PostAsync(body, _bed.Telegram.WebhookSecretToken);
        var good = await PostAsync(StartUpdate, _bed.Telegram.WebhookSecretToken);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await using var db = _bed.Db();
        Assert.True(await db.People.AnyAsync(p => p.ExternalId == "4242"));
    }

    [Fact]
    public async Task An_oversized_body_gets_400()
    {
        var huge = StartUpdate.Replace("/start", new string('x', 300 * 1024), StringComparison.Ordinal);

        var response = await PostAsync(huge, _bed.Telegram.WebhookSecretToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = _bed.Db();
        Assert.False(await db.People.AnyAsync());
    }

    [Fact]
    public async Task The_secret_registered_with_Telegram_is_the_one_the_endpoint_accepts()
    {
        Assert.Matches("^[A-Za-z0-9_-]{1,256}$", _bed.Telegram.WebhookSecretToken!);
        Assert.EndsWith(WebhookEndpoint.Path, _bed.Telegram.WebhookUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(_bed.Telegram.Token, _bed.Telegram.WebhookSecretToken!, StringComparison.Ordinal);
        var response = await PostAsync(StartUpdate, _bed.Telegram.WebhookSecretToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookEndpoint.Path.TrimStart('/'))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add(WebhookSecret.HeaderName, secret);
        }
        return _http.SendAsync(request);
    }
}

using Makker.Telegram.Receiving;
using Microsoft.Extensions.Options;

namespace Makker.Telegram.Tests.Receiving;

public sealed class WebhookSecretTests
{
    private static WebhookSecret For(string token, string? configured = null) =>
        new(Options.Create(new TelegramOptions { BotToken = token, WebhookSecret = configured }));

    [Fact]
    public void Without_configuration_the_secret_is_derived_from_the_token_so_every_instance_agrees()
    {
        var one = For("123:abc");
        var other = For("123:abc");

        Assert.Equal(one.Value, other.Value);
        Assert.NotEqual(one.Value, For("123:abd").Value);
        Assert.Matches("^[A-Za-z0-9_-]{1,256}$", one.Value);
        Assert.DoesNotContain("abc", one.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_secret_wins()
    {
        Assert.Equal("my-own_secret", For("123:abc", "my-own_secret").Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("my-own_secre")]
    [InlineData("my-own_secret2")]
    [InlineData("MY-OWN_SECRET")]
    public void Only_the_exact_secret_matches(string? presented)
    {
        var secret = For("123:abc", "my-own_secret");

        Assert.False(secret.Matches(presented));
        Assert.True(secret.Matches("my-own_secret"));
    }
}

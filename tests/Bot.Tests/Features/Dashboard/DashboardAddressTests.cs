using Makker.Features.Dashboard;
using Microsoft.Extensions.Configuration;

namespace Makker.Tests.Features.Dashboard;

/// <summary>Without a public address set, login links point where the host really listens.</summary>
public class DashboardAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8123", null, "http://127.0.0.1:8123")]
    [InlineData("http://localhost:5080/;https://localhost:5081", null, "http://localhost:5080")]
    [InlineData("http://*:8080", null, "http://localhost:8080")]
    [InlineData("http://+:8080", null, "http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080", null, "http://localhost:8080")]
    [InlineData("http://[::]:8080", null, "http://localhost:8080")]
    [InlineData(null, "8080", "http://localhost:8080")]
    [InlineData(null, null, "http://localhost:5000")]
    public void The_local_address_follows_ASP_NET_Core_settings(string? urls, string? httpPorts, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = urls,
            ["http_ports"] = httpPorts,
        }).Build();

        Assert.Equal(expected, DashboardOptions.LocalUrl(configuration));
    }
}

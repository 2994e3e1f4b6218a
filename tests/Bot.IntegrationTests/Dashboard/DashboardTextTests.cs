using System.Collections;
using System.Globalization;
using System.Resources;
using Makker.Host.Dashboard;

namespace Makker.IntegrationTests.Dashboard;

/// <summary>The dashboard's own words exist in Danish and in English alike, with the same placeholders.</summary>
public sealed class DashboardTextTests
{
    private static Dictionary<string, string> Texts(ResourceManager resources, string culture) =>
        resources.GetResourceSet(CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Fact]
    public void Every_dashboard_text_is_in_Danish_and_English_with_the_same_placeholders()
    {
        var resources = new ResourceManager(typeof(DashboardText).FullName!, typeof(DashboardText).Assembly);
        var english = Texts(resources, "");
        var danish = Texts(resources, "da");

        Assert.True(english.Count > 100, $"only {english.Count} English texts were found");
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), danish.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in english)
        {
            Assert.Equal(Placeholders(text), Placeholders(danish[key]));
            Assert.NotEqual("", danish[key].Trim());
        }

        static string[] Placeholders(string text) =>
            [.. System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];
    }
}

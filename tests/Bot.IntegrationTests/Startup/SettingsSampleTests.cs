using System.Reflection;
using Makker.Host;
using Microsoft.Extensions.Configuration;

namespace Makker.IntegrationTests.Startup;

/// <summary>appsettings.sample.json is the operator's list of every setting; it must not fall behind the code.</summary>
public sealed class SettingsSampleTests
{
    public static TheoryData<string> OptionsTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in AllOptionsTypes())
        {
            data.Add(type.FullName!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Every_setting_is_in_the_sample_with_an_example_and_a_comment(string typeName)
    {
        var type = AllOptionsTypes().Single(t => t.FullName == typeName);
        var section = (string)type.GetField("Section")!.GetRawConstantValue()!;
        var sample = new ConfigurationBuilder().AddJsonFile(SamplePath()).Build().GetSection(section);

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            // An empty list leaves no key behind in configuration, so for lists the comment is the proof.
            var isList = property.PropertyType.IsArray;
            Assert.True(isList || sample.GetSection(property.Name).Exists(), $"appsettings.sample.json lacks {section}:{property.Name}");
            Assert.True(sample.GetSection("// " + property.Name).Exists(), $"appsettings.sample.json lacks a '// {property.Name}' comment in {section}");
        }
        // The sample's values must bind: a typo such as "yes" for a boolean fails here, not in production.
        Assert.NotNull(sample.Get(type, o => o.ErrorOnUnknownConfiguration = false));
    }

    [Fact]
    public void Options_types_are_found()
    {
        Assert.Contains(AllOptionsTypes(), t => t.Name == "BotOptions");
        Assert.Contains(AllOptionsTypes(), t => t.Name == "StorageOptions");
        Assert.Contains(AllOptionsTypes(), t => t.Name == "WebChatOptions");
    }

    private static IEnumerable<Type> AllOptionsTypes() =>
        new[] { typeof(MakkerHost).Assembly, typeof(BotOptions).Assembly }
            .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name?.StartsWith("Bot.", StringComparison.Ordinal) == true))
            .Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "appsettings.sample.json");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("appsettings.sample.json next to Bot.sln was not found above " + AppContext.BaseDirectory);
    }
}

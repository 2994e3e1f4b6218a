using Makker.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Speech;

public static class SpeechSetup
{
    public static IServiceCollection AddSpeech(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpeechOptions>().Bind(configuration.GetSection(SpeechOptions.Section));
        services.AddSingleton<SpeechSynthesizer>();
        services.AddSingleton<ISpeechAvailability>(sp => sp.GetRequiredService<SpeechSynthesizer>());
        services.AddSingleton<VoiceCache>();
        return services;
    }
}

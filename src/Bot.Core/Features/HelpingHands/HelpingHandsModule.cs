using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Participation;
using Makker.Features.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.HelpingHands;

public static class HelpingHandsModule
{
    public static IServiceCollection AddHelpingHands(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HelpingHandsOptions>().Bind(configuration.GetSection(HelpingHandsOptions.Section))
            .Validate(o => o.AskAfterTimes >= 1 && o.AskMinutesAfterEnd >= 0, "HelpingHands: AskAfterTimes must be at least 1 and AskMinutesAfterEnd 0 or more.")
            .ValidateOnStart();
        services.AddSingleton<IChatCommand>(new CoordinatorWizardCommand("newtask", DialogIds.NewTask, menuOrder: 89));
        services.AddSingleton<HelpingTaskWizard>();
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<HelpingTaskWizard>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<HelpingTaskWizard>());
        services.AddSingleton<IChatCommand, HelpOutCommand>();
        services.AddSingleton<IButtonHandler, OfferButtons>();
        services.AddSingleton<IButtonHandler, HandBackButtons>();
        services.AddSingleton<IOccurrenceStep, HelpingAskStep>();
        services.AddSingleton<IBriefingSection, HelpingHandsBriefing>();
        services.AddSingleton<IMyDataSection, HelpingHandsMyData>();
        services.AddSingleton<IRetentionPart, HelpingHandsRetention>();
        return services;
    }
}

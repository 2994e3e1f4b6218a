using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Participation;

public static class ParticipationModule
{
    public static IServiceCollection AddParticipation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ParticipationOptions>().Bind(configuration.GetSection(ParticipationOptions.Section));
        services.AddSingleton<ActivityDirectory>();
        services.AddSingleton<OccurrencePlanner>();
        services.AddSingleton<Nudges>();
        services.AddSingleton<GatedOutreach>();
        services.AddSingleton<Company>();
        services.AddSingleton<OccurrenceStepRunner>();
        services.AddSingleton<IStepSource, OccurrenceStepSource>();
        services.AddSingleton<IOccurrenceStep, FirstNudgeStep>();
        services.AddSingleton<IOccurrenceStep, SecondNudgeStep>();
        services.AddSingleton<IOccurrenceStep, BriefingStep>();
        services.AddSingleton<OccurrenceCancellation>();
        services.AddSingleton<IButtonHandler, CancelOccurrenceButtons>();
        services.AddSingleton<Invites>();
        services.AddSingleton<IStartPayloadHandler>(sp => sp.GetRequiredService<Invites>());
        services.AddSingleton<RsvpButtons>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<RsvpButtons>());
        // Plain words: "hvornår?", "jeg kommer", "kan ikke" (dialogs/plain_words.yaml).
        services.AddSingleton<IPlainReply, WhenReply>();
        services.AddSingleton<IPlainReply>(sp => new RsvpReply(PlainIntents.Coming, RsvpChoices.Coming,
            sp.GetRequiredService<RsvpButtons>(), sp.GetRequiredService<ActivityDirectory>()));
        services.AddSingleton<IPlainReply>(sp => new RsvpReply(PlainIntents.NotComing, RsvpChoices.NotToday,
            sp.GetRequiredService<RsvpButtons>(), sp.GetRequiredService<ActivityDirectory>()));
        services.AddSingleton<IButtonHandler, WhichReminderButtons>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<Company>());
        services.AddSingleton<LeaveCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<LeaveCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<LeaveCommand>());
        services.AddSingleton<BuddyCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<BuddyCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<BuddyCommand>());
        services.AddSingleton<IChatCommand, TodayCommand>();
        services.AddSingleton<IMyDataSection, ParticipationMyData>();
        services.AddSingleton<Coordination.IRoleEnd, BuddyRoleEnd>();
        return services;
    }
}

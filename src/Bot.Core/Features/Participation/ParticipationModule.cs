using Makker.Conversations;
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
        services.AddSingleton<IButtonHandler, RsvpButtons>();
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

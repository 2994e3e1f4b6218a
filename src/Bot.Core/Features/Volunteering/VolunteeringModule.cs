using Makker.Conversations;
using Makker.Features.CheckIns;
using Makker.Features.Participation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Volunteering;

public static class VolunteeringModule
{
    public static IServiceCollection AddVolunteering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VolunteeringOptions>().Bind(configuration.GetSection(VolunteeringOptions.Section))
            .Validate(o => o.LeadDays >= 1 && o.AskPerPlace >= 1 && o.WaveWaitHours >= 1 && o.LookAgainMinutes >= 1,
                "Volunteering: LeadDays, AskPerPlace, WaveWaitHours and LookAgainMinutes must each be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<IOccurrenceStep, ShiftPromptsStep>();
        services.AddSingleton<IOccurrenceStep, ShiftReminderStep>();
        services.AddSingleton<IOccurrenceStep>(sp => ActivatorUtilities.CreateInstance<CoverageAlertStep>(sp, false));
        services.AddSingleton<IOccurrenceStep>(sp => ActivatorUtilities.CreateInstance<CoverageAlertStep>(sp, true));
        services.AddSingleton<VolunteerCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<VolunteerCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<VolunteerCommand>());
        services.AddSingleton<IButtonHandler, ShiftPromptButtons>();
        services.AddSingleton<IButtonHandler, HandBackButtons>();
        services.AddSingleton<IButtonHandler, AskAllButtons>();
        services.AddSingleton<IBriefingSection, ShiftRoster>();
        services.AddSingleton<ICheckInAudience, OnShiftAudience>();
        services.AddSingleton<IMyDataSection, VolunteeringMyData>();
        services.AddSingleton<Coordination.IRoleEnd, VolunteerRoleEnd>();
        services.AddSingleton<Coordination.IRoleGranted, VolunteerRoleGranted>();
        return services;
    }
}

using Makker.Conversations;
using Makker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Announcements;

public static class AnnouncementsModule
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AnnouncementOptions>().Bind(configuration.GetSection(AnnouncementOptions.Section))
            .Validate(o => o.ReportEveryMinutes >= 1, "Announcements: ReportEveryMinutes must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<AnnounceCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddRecurringWork<BroadcastReports>();
        services.AddSingleton<IButtonHandler, StopBroadcastButtons>();
        return services;
    }
}

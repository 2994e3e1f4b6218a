using Makker.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Announcements;

public static class AnnouncementsModule
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddSingleton<AnnounceCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<AnnounceCommand>());
        services.AddSingleton<BroadcastReports>();
        services.AddSingleton<IButtonHandler, StopBroadcastButtons>();
        return services;
    }
}

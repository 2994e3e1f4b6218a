using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Privacy;
using Makker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Ideas;

public static class IdeasModule
{
    public static IServiceCollection AddIdeas(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdeasOptions>().Bind(configuration.GetSection(IdeasOptions.Section))
            .Validate(o => o.FadeDays >= 1 && o.EveryDays >= 1 && o.MaxPerMessage is >= 1 and <= 10 && o.LookEveryMinutes >= 1,
                "Ideas: FadeDays, EveryDays and LookEveryMinutes must be at least 1, MaxPerMessage 1 to 10.")
            .ValidateOnStart();
        services.AddSingleton<IdeaCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<IdeaCommand>());
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<IdeaCommand>());
        services.AddSingleton<IChatCommand, IdeasCommand>();
        services.AddSingleton<IdeaReviews>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<IdeaReviews>());
        services.AddSingleton<IActivityCreated>(sp => sp.GetRequiredService<IdeaReviews>());
        services.AddSingleton<IButtonHandler, IdeaReviews.HostButtons>();
        services.AddSingleton<IButtonHandler, IdeaJoinButtons>();
        services.AddRecurringWork<IdeasDigest>();
        services.AddSingleton<IMyDataSection, IdeasMyData>();
        services.AddSingleton<IRetentionPart, IdeasRetention>();
        return services;
    }
}

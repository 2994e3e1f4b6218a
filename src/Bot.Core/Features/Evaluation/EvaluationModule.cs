using Makker.Conversations;
using Makker.Features.Coordination;
using Makker.Features.Privacy;
using Makker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Evaluation;

public static class EvaluationModule
{
    /// <summary>The partnership's self-evaluation: partners, the quarterly questions and reflections, the quarter's report.</summary>
    public static IServiceCollection AddEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvaluationOptions>().Bind(configuration.GetSection(EvaluationOptions.Section))
            .Validate(o => o.LookEveryMinutes >= 1 && o.SpacingDays >= 1 && o.FirstDayInQuarter is >= 0 and <= 60,
                "Evaluation: LookEveryMinutes and SpacingDays must be at least 1, FirstDayInQuarter 0 to 60.")
            .ValidateOnStart();
        services.AddSingleton<QuarterCounter>();
        services.AddSingleton<QuarterReports>();
        services.AddSingleton<IMyDataSection, EvaluationMyData>();
        services.AddSingleton<IRetentionPart, EvaluationRetention>();
        services.AddSingleton<IButtonHandler, QuarterlyButtons>();
        services.AddSingleton<Reflections>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<Reflections>());
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<Reflections>());
        services.AddSingleton<IChatCommand>(new CoordinatorWizardCommand("partners", DialogIds.Partners, menuOrder: 90));
        services.AddSingleton<PartnersWizard>();
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<PartnersWizard>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<PartnersWizard>());
        services.AddRecurringWork<QuarterlyRound>();
        return services;
    }
}

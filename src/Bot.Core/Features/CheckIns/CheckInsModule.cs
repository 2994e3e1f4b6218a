using Makker.Conversations;
using Makker.Features.Privacy;
using Makker.Features.Participation;
using Makker.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

public static class CheckInsModule
{
    public static IServiceCollection AddCheckIns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckInOptions>().Bind(configuration.GetSection(CheckInOptions.Section))
            .Validate(o => o.MinutesAfterEnd >= 0 && o.AnswerHours >= 1, "CheckIns: MinutesAfterEnd must be 0 or more and AnswerHours at least 1.")
            .Validate(o => o.FoldAfterDays * 24 > o.AnswerHours + o.MinutesAfterEnd / 60,
                "CheckIns: FoldAfterDays must be longer than the answer window, or a week would be folded before its answers are in.")
            .Validate<IOptions<PrivacyOptions>>((o, privacy) => privacy.Value.KeepDays >= o.FoldAfterDays + 31,
                "Privacy: KeepDays must be at least CheckIns:FoldAfterDays + 31, so answers are folded into the month's numbers before they are deleted.")
            .ValidateOnStart();
        services.AddSingleton<ICheckInAudience, ComingAudience>();
        services.AddSingleton<IOccurrenceStep, CheckInStep>();
        services.AddSingleton<IOccurrenceStep, CheckInDigestStep>();
        services.AddSingleton<TalkToSomeone>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<TalkToSomeone>());
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<TalkToSomeone>());
        services.AddSingleton<IButtonHandler, CheckInButtons>();
        services.AddSingleton<EvaluationNumbers>();
        services.AddSingleton<CheckInRetention>();
        services.AddSingleton<IRetentionPart>(sp => sp.GetRequiredService<CheckInRetention>());
        services.AddSingleton<IChatCommand, ReportCommand>();
        services.AddSingleton<IMyDataSection, CheckInMyData>();
        return services;
    }
}

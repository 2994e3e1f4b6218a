using Makker.Conversations;
using Makker.Features.Privacy;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Evaluation;

public static class EvaluationModule
{
    /// <summary>The partnership's self-evaluation: partners, the quarterly questions and reflections, the quarter's report.</summary>
    public static IServiceCollection AddEvaluation(this IServiceCollection services)
    {
        services.AddSingleton<QuarterCounter>();
        services.AddSingleton<QuarterReports>();
        services.AddSingleton<IMyDataSection, EvaluationMyData>();
        services.AddSingleton<IRetentionPart, EvaluationRetention>();
        return services;
    }
}

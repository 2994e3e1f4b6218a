using Makker.Conversations;
using Makker.Conversations.Dialogs;
using Makker.Features.Announcements;
using Makker.Features.CheckIns;
using Makker.Features.Coordination;
using Makker.Features.Dashboard;
using Makker.Features.Demo;
using Makker.Features.Evaluation;
using Makker.Features.Help;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Onboarding;
using Makker.Features.Participation;
using Makker.Features.Preferences;
using Makker.Features.Privacy;
using Makker.Features.Volunteering;
using Makker.Scheduling;
using Makker.Speech;
using Makker.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Makker;

public static class MakkerCore
{
    /// <summary>Everything but the channels: storage, the conversation engine and the features.</summary>
    public static IServiceCollection AddMakkerCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services.AddMakkerStorage(configuration, contentRoot);
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<Makker.Operations.MakkerMetrics>();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BotOptions>>().Value;
            var known = sp.GetServices<IDialogActionSource>().SelectMany(s => s.Actions).Select(a => a.Name).ToHashSet();
            return DialogLoader.Load(ResolveDialogsDirectory(options.DialogsDirectory, contentRoot), known);
        });
        services.AddSpeech(configuration);
        services.AddOptions<FloodOptions>().Bind(configuration.GetSection(FloodOptions.Section));
        services.AddSingleton<FloodGuard>();
        services.AddSingleton<ConversationEngine>();
        services.AddSingleton<OutboxSignal>();

        services.AddSingleton<CommandMenus>();
        services.AddSingleton<ITurnEnd>(sp => sp.GetRequiredService<CommandMenus>());
        services.AddSingleton<IChatCommand, StartCommand>();
        services.AddSingleton<IChatCommand, HelpCommand>();
        services.AddSingleton<IChatCommand, CancelCommand>();
        services.AddSingleton<IChatCommand, PauseCommand>();
        services.AddSingleton(new PlainCommand(PlainIntents.Pause, "pause"));
        services.AddSingleton(new PlainCommand(PlainIntents.Help, "help"));
        services.AddSingleton(new PlainCommand(PlainIntents.Resume, "resume"));
        services.AddSingleton<IChatCommand, ResumeCommand>();
        services.AddSingleton<IChatCommand, LanguageCommand>();
        services.AddSingleton<IChatCommand, MyDataCommand>();
        services.AddSingleton<IChatCommand, ForgetCommand>();
        services.AddSingleton<IDialogActionSource, OnboardingActions>();
        services.AddSingleton<IDialogActionSource, PreferenceActions>();
        services.AddSingleton<IDialogActionSource, PrivacyActions>();
        services.AddOptions<PrivacyOptions>().Bind(configuration.GetSection(PrivacyOptions.Section))
            .Validate(o => o.KeepDays >= 1 && o.KeepReceiptsHours >= 25 && o.RetentionEveryHours >= 1,
                "Privacy: KeepDays and RetentionEveryHours must be at least 1, KeepReceiptsHours at least 25 (Telegram redelivers for 24 hours).")
            .ValidateOnStart();
        services.AddRecurringWork<Retention>();
        services.AddCoordination();
        services.AddParticipation(configuration);
        services.AddCheckIns(configuration);
        services.AddVolunteering(configuration);
        services.AddAnnouncements(configuration);
        services.AddIdeas(configuration);
        services.AddHelpingHands(configuration);
        services.AddEvaluation(configuration);
        // After AddCheckIns: its part folds the numbers from the RSVPs before these parts delete old ones.
        services.AddSingleton<IRetentionPart, ParticipationRetention>();
        services.AddSingleton<IRetentionPart, VolunteeringRetention>();
        services.AddSingleton<IRetentionPart, CoordinationRetention>();
        services.AddSingleton<IRetentionPart, AnnouncementsRetention>();
        services.AddSingleton<IRetentionPart, DashboardRetention>();
        services.AddSingleton<IMyDataSection, DashboardMyData>();
        // Last in /mydata: the messages kept that concern the person.
        services.AddSingleton<IMyDataSection, MessagesMyData>();
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.Section))
            .PostConfigure(o => o.PublicUrl = string.IsNullOrWhiteSpace(o.PublicUrl)
                ? configuration["Telegram:PublicUrl"] is { Length: > 0 } telegram ? telegram : DashboardOptions.LocalUrl(configuration)
                : o.PublicUrl);
        services.AddSingleton<Operators>();
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<DashboardActions>();
        services.AddSingleton<DashboardLogins>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<DashboardLogins>());
        services.AddSingleton<DemoSeeder>();
        return services;
    }

    /// <summary>
    /// Loads and checks the dialogs and brings the database up to date. Throws
    /// <see cref="DialogFileException"/> with one clear line when a dialog file is wrong.
    /// </summary>
    public static async Task PrepareMakkerAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var catalog = services.GetRequiredService<DialogCatalog>();
        var engine = services.GetRequiredService<ConversationEngine>();
        foreach (var command in engine.Commands)
        {
            // The menus and /help describe every command; a missing description is found before anyone writes.
            if (command.Audience != CommandAudience.None && !catalog.HasText(CommandMenus.DescriptionKey(command.Name)))
            {
                throw new DialogFileException($"text '{CommandMenus.DescriptionKey(command.Name)}' is missing (it describes /{command.Name} in the menu and in /help); add it with da and en, and to each file in dialogs/languages.");
            }
        }
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MakkerCore));
        foreach (var file in catalog.AwaitingReview)
        {
            log.LogWarning("The texts in dialogs/{LanguageFile} are not yet reviewed by a native speaker; have them reviewed before use with real participants", file);
        }
        // Looked for once, now, so the log says at start (once) when reading aloud is not possible here.
        _ = services.GetRequiredService<ISpeechAvailability>().IsAvailable;
        await services.MigrateMakkerDbAsync(ct);
        if (services.GetRequiredService<IOptions<BotOptions>>().Value.SeedDemo)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        }
        await services.GetRequiredService<SetupCodes>().IssueIfNeededAsync(ct);
        // Once, after the upgrade that brought approval in: coordinators look through who kept a trusted role.
        await services.GetRequiredService<RoleReviews>().SendDueAsync(ct);
    }

    internal static string ResolveDialogsDirectory(string configured, string contentRoot)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }
        string[] candidates = [Path.Combine(AppContext.BaseDirectory, configured), Path.Combine(contentRoot, configured)];
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates[^1];
    }
}

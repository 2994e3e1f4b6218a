using Makker.Conversations;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Features.Coordination;

public static class CoordinationModule
{
    /// <summary>Register before the participation slice: a set-up code must be claimed before invites read the payload.</summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services)
    {
        services.AddSingleton<Coordinators>();
        services.AddSingleton<BotIdentity>();
        services.AddSingleton<IBotIdentity>(sp => sp.GetRequiredService<BotIdentity>());
        services.AddSingleton<SetupCodes>();
        services.AddSingleton<IStartPayloadHandler>(sp => sp.GetRequiredService<SetupCodes>());
        services.AddSingleton<CommunitySetup>();
        services.AddSingleton<WizardSteps>();
        services.AddSingleton<IDialogActionSource>(sp => sp.GetRequiredService<WizardSteps>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<WizardSteps>());
        services.AddSingleton<IChatCommand, NewCommunityCommand>();
        services.AddSingleton<IChatCommand>(new CoordinatorWizardCommand("newactivity", DialogIds.NewActivity, menuOrder: 84));
        services.AddSingleton<IChatCommand>(new CoordinatorWizardCommand("newshift", DialogIds.NewShift, menuOrder: 85));
        services.AddSingleton<IChatCommand>(new CoordinatorWizardCommand("appoint", DialogIds.Appoint, menuOrder: 86));
        services.AddSingleton<RoleChanges>();
        services.AddSingleton<RoleRequests>();
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<RoleRequests>());
        services.AddSingleton<RolesCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<RolesCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<RolesCommand>());
        services.AddSingleton<RoleReviews>();
        services.AddSingleton<IMyDataSection, RolesMyData>();
        services.AddSingleton<InviteCommand>();
        services.AddSingleton<IChatCommand>(sp => sp.GetRequiredService<InviteCommand>());
        services.AddSingleton<IButtonHandler>(sp => sp.GetRequiredService<InviteCommand>());
        return services;
    }
}

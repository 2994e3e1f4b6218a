using Makker.Conversations;
using Makker.Storage;
using Makker.Testing;
using Makker.Tests.Harness;
using Microsoft.Extensions.DependencyInjection;

namespace Makker.Tests.Conversations;

/// <summary>A turn that sends a file: the outbox row carries it, with the text as its caption.</summary>
public class DocumentTests : RunsOnBothDatabases
{
    private const string Report = "uge;kommer;ikke i dag\n47;12;3\n";

    [SkippableFact]
    public async Task A_file_is_queued_with_its_caption_for_the_person()
    {
        await using var harness = await ConversationHarness.StartAsync(Provider, extra: s => s.AddSingleton<IChatCommand, ReportCommand>());
        await harness.ConsentAsync("jonas");

        var replies = await harness.Send("jonas", "/testreport");

        var row = Assert.Single(replies.Messages);
        Assert.Equal(("Rapport for november", "makker-rapport-2026-11.csv", Report), (row.Text, row.DocumentName, row.DocumentText));
        Assert.NotNull(row.PersonId);
        Assert.False(row.DeleteWhenSent);
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Null(row.ButtonsJson);
    }

    private sealed class ReportCommand : IChatCommand
    {
        public string Name => "testreport";
        public bool NeedsConsent => false;

        // Nobody's: in no menu and no /help, so it needs no description.
        public CommandAudience Audience => CommandAudience.None;

        public Task RunAsync(TurnContext ctx, string args, CancellationToken ct)
        {
            ctx.SendDocument("Rapport for november", "makker-rapport-2026-11.csv", Report);
            return Task.CompletedTask;
        }
    }
}

public sealed class DocumentTestsOnPostgres : DocumentTests
{
    protected override StorageProvider Provider => StorageProvider.PostgreSQL;
}

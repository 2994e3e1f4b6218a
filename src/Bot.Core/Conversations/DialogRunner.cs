using Makker.Conversations.Dialogs;
using Makker.Storage;

namespace Makker.Conversations;

/// <summary>Walks the steps of the dialogs on a person's stack, driven by the files in dialogs/.</summary>
internal sealed class DialogRunner(DialogCatalog catalog, IReadOnlyDictionary<string, DialogAction> actions)
{
    public const string Purpose = "dialog";

    // A dialog file could route steps in a circle without ever asking; stop rather than spin.
    private const int MaxStepsPerTurn = 50;

    public async Task BeginAsync(TurnContext ctx, string dialogId, IReadOnlyDictionary<string, string>? data, CancellationToken ct)
    {
        var dialog = catalog.Dialog(dialogId);
        var frame = new DialogFrame
        {
            Id = ButtonPayload.NewToken(),
            Dialog = dialog.Id,
            Step = dialog.Start,
            Data = data is null ? [] : new Dictionary<string, string>(data),
        };
        ctx.Stack.Add(frame);
        await RunAsync(ctx, frame, ct);
    }

    /// <summary>Shows the current question again, with fresh buttons, after an interruption or a stray text.</summary>
    public void Reprompt(TurnContext ctx, DialogFrame frame)
    {
        var step = StepOf(frame);
        if (step is { Waits: true })
        {
            if (frame.PromptMessageId is { } old && frame.PromptToken is not null)
            {
                // Only one live set of buttons per question: the old ones go quiet.
                StripButtons(ctx, old);
            }
            Prompt(ctx, frame, step);
        }
    }

    public async Task OnPressAsync(TurnContext ctx, DialogFrame frame, ButtonToken token, string choiceId, long? pressedMessageId, CancellationToken ct)
    {
        var step = StepOf(frame);
        var button = step?.Buttons.FirstOrDefault(b => b.Id == choiceId);
        if (step is null || button is null)
        {
            await OnStaleAsync(ctx, pressedMessageId ?? token.MessageId, ct);
            return;
        }
        token.UsedAt = ctx.Now;
        token.UsedChoice = choiceId;
        frame.PromptToken = null;
        frame.PromptMessageId = null;
        if ((pressedMessageId ?? token.MessageId) is { } messageId)
        {
            await ctx.ShowChosenAsync(messageId, button.Label.For(ctx.Language), ct: ct);
        }

        string? next = null;
        if (button.Action is not null)
        {
            next = await actions[button.Action].Run(ctx, frame, choiceId, ct);
        }
        await ContinueAsync(ctx, frame, next ?? button.Next, ct);
    }

    public async Task OnTextAsync(TurnContext ctx, DialogFrame frame, string text, CancellationToken ct)
    {
        var step = StepOf(frame);
        if (step is null)
        {
            // The dialog files changed under a waiting question: close it and say so, never stay silent.
            ctx.Stack.Remove(frame);
            ctx.Send(ctx.T(TextKeys.DialogGone), [[ctx.CommandButton(TextKeys.ButtonHelp, "help")]]);
            return;
        }
        if (step.Input is not { } input)
        {
            ctx.Send(ctx.T(TextKeys.ButtonUseButtons));
            if (!step.Waits && step.Action is not null)
            {
                // The step's buttons were built by its action (a wizard's list of activities): run it again to show them.
                await RunAsync(ctx, frame, ct);
                return;
            }
            Reprompt(ctx, frame);
            return;
        }
        var value = text.Trim();
        if (value.Length == 0 || value.Length > input.MaxLength)
        {
            var problem = value.Length == 0
                ? ctx.T(TextKeys.InputEmpty)
                : ctx.T(TextKeys.InputTooLong, new Dictionary<string, string> { ["max"] = input.MaxLength.ToString(ctx.Culture) });
            ctx.Send(step.Retry is null ? problem : ctx.Render(step.Retry.For(ctx.Language), frame.Data));
            Prompt(ctx, frame, step);
            return;
        }
        frame.Data[input.Store] = value;
        await ContinueAsync(ctx, frame, step.Next, ct);
    }

    public async Task OnStaleAsync(TurnContext ctx, long? pressedMessageId, CancellationToken ct)
    {
        await ctx.CloseButtonsAsync(pressedMessageId, TextKeys.ButtonExpired, ct);
        if (ctx.CurrentFrame is { } current)
        {
            Reprompt(ctx, current);
        }
    }

    public async Task ContinueAsync(TurnContext ctx, DialogFrame frame, string? next, CancellationToken ct)
    {
        if (!ctx.Erased && !ctx.Stack.Contains(frame))
        {
            return; // the action replaced the dialog with another one
        }
        if (next == DialogAction.WaitForButtons)
        {
            return;
        }
        if (next is null || next == DialogCatalog.End)
        {
            Finish(ctx, frame);
            return;
        }
        frame.Step = next;
        await RunAsync(ctx, frame, ct);
    }

    private async Task RunAsync(TurnContext ctx, DialogFrame frame, CancellationToken ct)
    {
        var dialog = catalog.Dialog(frame.Dialog);
        for (var i = 0; i < MaxStepsPerTurn; i++)
        {
            var step = dialog.Steps[frame.Step];
            string? next = null;
            if (step.Action is not null)
            {
                next = await actions[step.Action].Run(ctx, frame, null, ct);
                if ((!ctx.Erased && !ctx.Stack.Contains(frame)) || next == DialogAction.WaitForButtons)
                {
                    return;
                }
            }
            if (step.Say is not null)
            {
                ctx.Send(ctx.Render(step.Say.For(ctx.Language), frame.Data));
            }
            if (step.Waits && !ctx.Erased)
            {
                Prompt(ctx, frame, step);
                return;
            }
            next ??= step.Next;
            if (next is null || next == DialogCatalog.End || ctx.Erased)
            {
                Finish(ctx, frame);
                return;
            }
            if (!dialog.Steps.ContainsKey(next))
            {
                throw new InvalidOperationException($"Action in {step.Source} chose step '{next}', which does not exist.");
            }
            frame.Step = next;
        }
        throw new InvalidOperationException($"Dialog '{dialog.Id}' ran {MaxStepsPerTurn} steps without asking anything; check {dialog.Source}.");
    }

    private void Prompt(TurnContext ctx, DialogFrame frame, StepDefinition step)
    {
        var text = ctx.Render(step.Ask!.For(ctx.Language), frame.Data);
        if (step.Buttons.Count == 0)
        {
            ctx.Send(text);
            frame.PromptToken = null;
            return;
        }
        var choices = step.Buttons.Select(b => (b.Id, b.Label.For(ctx.Language))).ToList();
        ctx.SendChoice(text, Purpose, frame.Id, choices, out var token);
        frame.PromptToken = token;
    }

    private void Finish(TurnContext ctx, DialogFrame frame)
    {
        ctx.Stack.Remove(frame);
        if (ctx.CurrentFrame is { } below)
        {
            Reprompt(ctx, below);
        }
    }

    private StepDefinition? StepOf(DialogFrame frame) =>
        catalog.Dialogs.TryGetValue(frame.Dialog, out var d) && d.Steps.TryGetValue(frame.Step, out var s) ? s : null;


    private static void StripButtons(TurnContext ctx, long messageId)
    {
        var original = ctx.Db.Outbox.Local.FirstOrDefault(o => o.Id == messageId) ?? ctx.Db.Outbox.Find(messageId);
        if (original is not null && original.PersonId == ctx.Person?.Id)
        {
            ctx.Edit(messageId, original.Text);
        }
    }
}

using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Makker.Conversations.Dialogs;

/// <summary>
/// Reads dialogs/*.yaml and dialogs/languages/*.yaml and checks everything that can be checked before a person sees
/// it: every language present with the same placeholders, steps and buttons leading somewhere, actions known to the
/// code, no unknown keys (typos).
/// </summary>
public static partial class DialogLoader
{
    private static readonly string[] DialogKeys = ["dialog", "start", "steps"];
    private static readonly string[] StepKeys = ["action", "say", "ask", "buttons", "input", "max_length", "store", "retry", "next"];
    private static readonly string[] ButtonKeys = ["id", "text", "next", "action"];
    private const int DefaultMaxInputLength = 200;

    [GeneratedRegex("^[a-z0-9_]{1,16}$")]
    private static partial Regex ButtonIdPattern();

    [GeneratedRegex("^[a-z0-9_.]{1,64}$")]
    private static partial Regex IdPattern();

    public static DialogCatalog Load(string directory, IReadOnlySet<string> knownActions)
    {
        if (!Directory.Exists(directory))
        {
            throw new DialogFileException($"{directory}: the dialogs folder does not exist.");
        }
        var files = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new DialogFileException($"{directory}: no *.yaml dialog files found.");
        }

        var dialogs = new Dictionary<string, DialogDefinition>();
        var texts = new Dictionary<string, LocalizedText>();
        var checkIns = new Dictionary<string, IReadOnlyList<CheckInQuestionDefinition>>();
        WordsBuilder? words = null;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var root = Parse(file, name);
            if (root is null)
            {
                continue;
            }
            if (root.Children.ContainsKey(new YamlScalarNode("texts")))
            {
                RequireOnlyKeys(root, ["texts"], name);
                var map = RequireMapping(root, "texts", name);
                foreach (var (k, v) in map.Children)
                {
                    var key = Scalar(k, name);
                    if (texts.ContainsKey(key))
                    {
                        throw Fail(name, k, $"text '{key}' is defined twice.");
                    }
                    texts[key] = ReadLocalized(v, name, $"text '{key}'");
                }
            }
            else if (root.Children.ContainsKey(new YamlScalarNode("checkins")))
            {
                ReadCheckIns(root, name, checkIns);
            }
            else if (root.Children.ContainsKey(new YamlScalarNode("words")))
            {
                words = ReadWords(root, name, words);
            }
            else
            {
                var dialog = ReadDialog(root, name, knownActions);
                if (dialogs.TryGetValue(dialog.Id, out var other))
                {
                    throw new DialogFileException($"{dialog.Source}: dialog '{dialog.Id}' is also defined in {other.Source}.");
                }
                dialogs[dialog.Id] = dialog;
            }
        }

        foreach (var key in TextKeys.All)
        {
            if (!texts.ContainsKey(key))
            {
                throw new DialogFileException($"{directory}: text '{key}' is missing (the code uses it); add it to texts.yaml with da and en.");
            }
        }
        foreach (var id in DialogIds.All)
        {
            if (!dialogs.ContainsKey(id))
            {
                throw new DialogFileException($"{directory}: dialog '{id}' is missing (the code starts it).");
            }
        }
        foreach (var variant in CheckInVariants.All)
        {
            if (!checkIns.ContainsKey(variant))
            {
                throw new DialogFileException($"{directory}: the check-in questions for '{variant}' are missing; add them under 'checkins:' (see checkins.yaml).");
            }
        }
        if (words is null)
        {
            throw new DialogFileException($"{directory}: the plain words are missing; add them under 'words:' (see plain_words.yaml).");
        }
        words.RequireEveryIntent(directory);

        // The other languages last: each must translate every text the Danish and English files have.
        var awaitingReview = LoadTranslations(directory, dialogs, texts, checkIns, words);
        return new DialogCatalog(dialogs, texts, checkIns)
        {
            Words = words.Build(),
            AwaitingReview = awaitingReview,
        };
    }

    private static YamlMappingNode? Parse(string path, string name)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        var parser = new TrackingParser(new Parser(reader));
        try
        {
            yaml.Load(parser);
        }
        catch (YamlException e)
        {
            var detail = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
            throw new DialogFileException($"{name}:{e.Start.Line}: this is not valid YAML ({detail}).");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some unclosed brackets; the last thing it read is the best clue.
            throw new DialogFileException($"{name}:{parser.LastLine}: this is not valid YAML (it stops making sense after this line; check for an unclosed bracket or quote).");
        }
        if (yaml.Documents.Count == 0)
        {
            return null;
        }
        return yaml.Documents[0].RootNode as YamlMappingNode
            ?? throw Fail(name, yaml.Documents[0].RootNode, "the file must be a mapping with 'dialog:', 'texts:', 'checkins:' or 'words:' at the top.");
    }

    private static DialogDefinition ReadDialog(YamlMappingNode root, string file, IReadOnlySet<string> knownActions)
    {
        RequireOnlyKeys(root, DialogKeys, file);
        var id = RequireScalar(root, "dialog", file);
        if (!IdPattern().IsMatch(id))
        {
            throw Fail(file, root, $"dialog id '{id}' may only use a-z, 0-9, '_' and '.'.");
        }
        var start = RequireScalar(root, "start", file);
        var stepsNode = RequireMapping(root, "steps", file);
        var steps = new Dictionary<string, StepDefinition>();
        // Where each 'next' is written, so a wrong target is reported at its own line.
        var targets = new List<(string Target, SourceLocation At, string What)>();
        foreach (var (k, v) in stepsNode.Children)
        {
            var stepId = Scalar(k, file);
            if (stepId == DialogCatalog.End)
            {
                throw Fail(file, k, $"'{DialogCatalog.End}' is reserved for leaving the dialog; give the step another name.");
            }
            if (v is not YamlMappingNode stepNode)
            {
                throw Fail(file, v, $"step '{stepId}' must be a mapping.");
            }
            steps[stepId] = ReadStep(stepId, stepNode, file, knownActions, targets);
        }
        var dialog = new DialogDefinition(id, start, steps, At(file, root));

        if (!steps.ContainsKey(start))
        {
            throw Fail(file, ValueOf(root, "start"), $"dialog '{id}' starts at step '{start}', which does not exist.");
        }
        foreach (var (target, at, what) in targets)
        {
            CheckTarget(target, steps, at, what);
        }
        return dialog;
    }

    private static void CheckTarget(string target, Dictionary<string, StepDefinition> steps, SourceLocation at, string what)
    {
        if (target != DialogCatalog.End && !steps.ContainsKey(target))
        {
            throw new DialogFileException($"{at}: {what} step '{target}', which does not exist.");
        }
    }

    private static StepDefinition ReadStep(string id, YamlMappingNode node, string file, IReadOnlySet<string> knownActions,
        List<(string Target, SourceLocation At, string What)> targets)
    {
        RequireOnlyKeys(node, StepKeys, file);
        var action = OptionalScalar(node, "action", file);
        if (action is not null && !knownActions.Contains(action))
        {
            throw Fail(file, ValueOf(node, "action"), $"step '{id}' uses action '{action}', which the code does not know.");
        }
        var say = OptionalLocalized(node, "say", file, $"step '{id}'");
        var ask = OptionalLocalized(node, "ask", file, $"step '{id}'");
        var retry = OptionalLocalized(node, "retry", file, $"step '{id}'");
        var next = OptionalScalar(node, "next", file);
        if (next is not null)
        {
            targets.Add((next, At(file, ValueOf(node, "next")), $"step '{id}' goes next to"));
        }

        var buttons = new List<ButtonDefinition>();
        if (node.Children.TryGetValue(new YamlScalarNode("buttons"), out var buttonsNode))
        {
            if (buttonsNode is not YamlSequenceNode seq || seq.Children.Count == 0)
            {
                throw Fail(file, buttonsNode, $"step '{id}': 'buttons' must be a list with at least one button.");
            }
            foreach (var b in seq.Children)
            {
                if (b is not YamlMappingNode bm)
                {
                    throw Fail(file, b, $"step '{id}': each button must be a mapping with id, text and next.");
                }
                RequireOnlyKeys(bm, ButtonKeys, file);
                var buttonId = RequireScalar(bm, "id", file);
                if (!ButtonIdPattern().IsMatch(buttonId))
                {
                    throw Fail(file, bm, $"button id '{buttonId}' must be 1-16 of a-z, 0-9 and '_'.");
                }
                if (buttons.Any(x => x.Id == buttonId))
                {
                    throw Fail(file, bm, $"step '{id}' has two buttons with id '{buttonId}'.");
                }
                var label = ReadLocalized(RequireNode(bm, "text", file), file, $"button '{buttonId}'");
                var buttonNext = OptionalScalar(bm, "next", file);
                var buttonAction = OptionalScalar(bm, "action", file);
                if (buttonAction is not null && !knownActions.Contains(buttonAction))
                {
                    throw Fail(file, ValueOf(bm, "action"), $"button '{buttonId}' uses action '{buttonAction}', which the code does not know.");
                }
                if (buttonNext is null && buttonAction is null)
                {
                    throw Fail(file, bm, $"button '{buttonId}' leads nowhere: give it 'next' (a step or 'end') or an 'action'.");
                }
                if (buttonNext is not null)
                {
                    targets.Add((buttonNext, At(file, ValueOf(bm, "next")), $"button '{buttonId}' leads to"));
                }
                buttons.Add(new ButtonDefinition(buttonId, label, buttonNext, buttonAction, At(file, bm)));
            }
        }

        InputDefinition? input = null;
        var inputKind = OptionalScalar(node, "input", file);
        if (inputKind is not null)
        {
            if (inputKind != "text")
            {
                throw Fail(file, ValueOf(node, "input"), $"step '{id}': input '{inputKind}' is not known; use 'text'.");
            }
            var max = DefaultMaxInputLength;
            var maxText = OptionalScalar(node, "max_length", file);
            if (maxText is not null && (!int.TryParse(maxText, out max) || max is < 1 or > 4000))
            {
                throw Fail(file, ValueOf(node, "max_length"), $"step '{id}': max_length must be a whole number from 1 to 4000.");
            }
            var store = OptionalScalar(node, "store", file)
                ?? throw Fail(file, node, $"step '{id}' takes text input but has no 'store' key to keep it under.");
            input = new InputDefinition(max, store);
        }

        if (ask is null && (buttons.Count > 0 || input is not null))
        {
            throw Fail(file, node, $"step '{id}' has buttons or input but no 'ask' text.");
        }
        if (ask is not null && buttons.Count == 0 && input is null)
        {
            throw Fail(file, node, $"step '{id}' asks but offers neither buttons nor input.");
        }
        if (buttons.Count > 0 && input is not null)
        {
            throw Fail(file, node, $"step '{id}' cannot take both buttons and text input.");
        }
        if (input is not null && next is null)
        {
            throw Fail(file, node, $"step '{id}' takes input but has no 'next'.");
        }
        if (buttons.Count > 0 && next is not null)
        {
            throw Fail(file, node, $"step '{id}' has buttons, so 'next' belongs on each button, not on the step.");
        }
        if (say is null && ask is null && action is null)
        {
            throw Fail(file, node, $"step '{id}' does nothing: give it 'say', 'ask' or 'action'.");
        }
        return new StepDefinition(id, action, say, ask, buttons, input, retry, next, At(file, node));
    }

    private static LocalizedText? OptionalLocalized(YamlMappingNode node, string key, string file, string what) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ReadLocalized(v, file, $"{what} '{key}'") : null;

    private static LocalizedText ReadLocalized(YamlNode node, string file, string what)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } same } && !string.IsNullOrWhiteSpace(same) && Placeholders(same).Count == 0)
        {
            // One value for every language: a language's own name on its button reads the same to everyone.
            var all = Languages.All.ToDictionary(l => l, _ => same.TrimEnd());
            return new LocalizedText(all, sameInEveryLanguage: true);
        }
        if (node is not YamlMappingNode map)
        {
            throw Fail(file, node, $"{what} must have a Danish ('da') and an English ('en') text.");
        }
        RequireOnlyKeys(map, Languages.Base, file);
        var da = OptionalScalar(map, "da", file);
        var en = OptionalScalar(map, "en", file);
        if (string.IsNullOrWhiteSpace(da))
        {
            throw Fail(file, map, $"{what} has no Danish text ('da').");
        }
        if (string.IsNullOrWhiteSpace(en))
        {
            throw Fail(file, map, $"{what} has no English text ('en').");
        }
        if (!Placeholders(da).SetEquals(Placeholders(en)))
        {
            throw Fail(file, map, $"{what} uses {Show(Placeholders(da))} in Danish but {Show(Placeholders(en))} in English; "
                + "a placeholder is filled in by the code, so every language has the same ones.");
        }
        return new LocalizedText(new Dictionary<string, string> { [Languages.Danish] = da.TrimEnd(), [Languages.English] = en.TrimEnd() });
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex PlaceholderPattern();

    /// <summary>The {name}s a text has, which the code fills in.</summary>
    internal static HashSet<string> Placeholders(string text) =>
        [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value)];

    private static string Show(IEnumerable<string> placeholders)
    {
        var list = placeholders.Order(StringComparer.Ordinal).Select(p => "{" + p + "}").ToList();
        return list.Count == 0 ? "no placeholders" : string.Join(" ", list);
    }

    private static void RequireOnlyKeys(YamlMappingNode node, IReadOnlyCollection<string> allowed, string file)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = Scalar(key, file);
            if (!allowed.Contains(name))
            {
                throw Fail(file, key, $"unknown key '{name}' (expected one of: {string.Join(", ", allowed)}).");
            }
        }
    }

    private static YamlNode RequireNode(YamlMappingNode node, string key, string file) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : throw Fail(file, node, $"'{key}' is missing.");

    private static YamlMappingNode RequireMapping(YamlMappingNode node, string key, string file) =>
        RequireNode(node, key, file) as YamlMappingNode ?? throw Fail(file, node, $"'{key}' must be a mapping.");

    private static string RequireScalar(YamlMappingNode node, string key, string file) =>
        OptionalScalar(node, key, file) ?? throw Fail(file, node, $"'{key}' is missing.");

    private static string? OptionalScalar(YamlMappingNode node, string key, string file)
    {
        if (!node.Children.TryGetValue(new YamlScalarNode(key), out var v))
        {
            return null;
        }
        var s = Scalar(v, file);
        return string.IsNullOrWhiteSpace(s) ? null : s;
    }

    private static string Scalar(YamlNode node, string file) =>
        node is YamlScalarNode s ? s.Value ?? "" : throw Fail(file, node, "expected a single value here.");

    /// <summary>The value written under <paramref name="key"/>, or the mapping itself when the key is absent.</summary>
    private static YamlNode ValueOf(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : node;

    private static SourceLocation At(string file, YamlNode node) => new(file, (int)node.Start.Line);

    /// <summary>Remembers where the last successfully parsed piece of YAML was.</summary>
    private sealed class TrackingParser(IParser inner) : IParser
    {
        public long LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current)
            {
                LastLine = current.Start.Line;
            }
            return moved;
        }
    }

    private static DialogFileException Fail(string file, YamlNode node, string problem) => new($"{At(file, node)}: {problem}");
}

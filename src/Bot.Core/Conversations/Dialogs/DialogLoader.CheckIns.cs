using Makker.Features.Volunteering;
using YamlDotNet.RepresentationModel;

namespace Makker.Conversations.Dialogs;

/// <summary>The question sets the check-ins ask from; the code asks for each of these.</summary>
public static class CheckInVariants
{
    public const string Participant = "participant";
    public const string Volunteer = "volunteer";

    /// <summary>The quarterly questions of the partnership's self-evaluation (Features/Evaluation), not asked after an occurrence.</summary>
    public const string Quarterly = "quarterly";

    public static IReadOnlyList<string> All { get; } = [Participant, Volunteer, Quarterly];

    /// <summary>Added by the code to every question, so nobody has to pick an answer they don't mean.</summary>
    public const string RatherNotSay = "skip";

    /// <summary>The button that shows the answers again to change one.</summary>
    public const string Change = "change";
}

public static partial class DialogLoader
{
    private static readonly string[] QuestionKeys = ["id", "ask", "answers"];
    private static readonly string[] AnswerKeys = ["id", "text", "goes"];
    private const int MinAnswers = 3;
    private const int MaxAnswers = 5;

    private static void ReadCheckIns(YamlMappingNode root, string file, Dictionary<string, IReadOnlyList<CheckInQuestionDefinition>> into)
    {
        RequireOnlyKeys(root, ["checkins"], file);
        var sets = RequireMapping(root, "checkins", file);
        foreach (var (k, v) in sets.Children)
        {
            var variant = Scalar(k, file);
            if (!CheckInVariants.All.Contains(variant))
            {
                throw Fail(file, k, $"unknown check-in set '{variant}' (expected one of: {string.Join(", ", CheckInVariants.All)}).");
            }
            if (into.ContainsKey(variant))
            {
                throw Fail(file, k, $"the check-in set '{variant}' is defined twice.");
            }
            if (v is not YamlSequenceNode list || list.Children.Count == 0)
            {
                throw Fail(file, v, $"check-in set '{variant}' must be a list with at least one question.");
            }
            var questions = new List<CheckInQuestionDefinition>();
            foreach (var q in list.Children)
            {
                var question = ReadQuestion(q, file, variant);
                if (questions.Any(x => x.Id == question.Id))
                {
                    throw Fail(file, q, $"check-in set '{variant}' has two questions with id '{question.Id}'.");
                }
                questions.Add(question);
            }
            into[variant] = questions;
        }
    }

    private static CheckInQuestionDefinition ReadQuestion(YamlNode node, string file, string variant)
    {
        if (node is not YamlMappingNode map)
        {
            throw Fail(file, node, $"each question in '{variant}' must be a mapping with id, ask and answers.");
        }
        RequireOnlyKeys(map, QuestionKeys, file);
        var id = RequireScalar(map, "id", file);
        if (!ButtonIdPattern().IsMatch(id))
        {
            throw Fail(file, map, $"question id '{id}' must be 1-16 of a-z, 0-9 and '_'.");
        }
        var ask = ReadLocalized(RequireNode(map, "ask", file), file, $"question '{id}'");
        if (RequireNode(map, "answers", file) is not YamlSequenceNode answersNode)
        {
            throw Fail(file, map, $"question '{id}': 'answers' must be a list.");
        }
        if (answersNode.Children.Count is < MinAnswers or > MaxAnswers)
        {
            throw Fail(file, answersNode, $"question '{id}' has {answersNode.Children.Count} answers; give it {MinAnswers} to {MaxAnswers} (\"Rather not say\" is added by the bot).");
        }
        var answers = new List<CheckInAnswerDefinition>();
        foreach (var a in answersNode.Children)
        {
            if (a is not YamlMappingNode am)
            {
                throw Fail(file, a, $"question '{id}': each answer must be a mapping with id, text and goes.");
            }
            RequireOnlyKeys(am, AnswerKeys, file);
            var answerId = RequireScalar(am, "id", file);
            if (!ButtonIdPattern().IsMatch(answerId) || answerId is CheckInVariants.RatherNotSay or CheckInVariants.Change)
            {
                throw Fail(file, am, $"answer id '{answerId}' must be 1-16 of a-z, 0-9 and '_', and not '{CheckInVariants.RatherNotSay}' or '{CheckInVariants.Change}' (the bot uses those).");
            }
            if (answers.Any(x => x.Id == answerId))
            {
                throw Fail(file, am, $"question '{id}' has two answers with id '{answerId}'.");
            }
            var label = ReadLocalized(RequireNode(am, "text", file), file, $"answer '{answerId}'");
            var goes = RequireScalar(am, "goes", file);
            CheckInRoute route = goes switch
            {
                "numbers" => CheckInRoute.Numbers,
                "digest" => CheckInRoute.Digest,
                "host" => CheckInRoute.Host,
                _ => throw Fail(file, ValueOf(am, "goes"), $"answer '{answerId}': goes '{goes}' is not known; use 'host' (tell the host now), 'digest' or 'numbers'."),
            };
            answers.Add(new CheckInAnswerDefinition(answerId, label, route));
        }
        return new CheckInQuestionDefinition(id, ask, answers, At(file, map));
    }
}

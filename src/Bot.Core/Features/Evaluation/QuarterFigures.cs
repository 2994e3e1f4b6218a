namespace Makker.Features.Evaluation;

/// <summary>
/// A community's figures for one quarter, counted from the rows (or as folded when the quarter ended). Every count of
/// people counts distinct people across all the community's activities; "held", the shift places and the ideas count
/// things, not people.
/// </summary>
public sealed record QuarterFigures(
    int Held,
    int People,
    int FirstTimers,
    int ThreeOrMore,
    int SaidNotToday,
    int CameAgainAfterNotToday,
    int Helpers,
    int BecameVolunteers,
    int IdeasProposed,
    int IdeasRealised,
    int ShiftPlaces,
    int ShiftPlacesTaken,
    IReadOnlyList<QuarterQuestionFigures> Answers);

/// <summary>How many people gave each answer to one quarterly question ("skip" is "Rather not say").</summary>
public sealed record QuarterQuestionFigures(string QuestionKey, int Answered, IReadOnlyDictionary<string, int> Answers);

/// <summary>One partner's reflection in a quarter; null scores when they gave none.</summary>
public sealed record ReflectionScores(int ComeAndGo, int EqualFooting, int MixedGroup, int MeetRegularly, int PlanAfter, string? Note)
{
    public IReadOnlyList<int> All => [ComeAndGo, EqualFooting, MixedGroup, MeetRegularly, PlanAfter];

    public static ReflectionScores From(PartnerReflection r) => new(r.ComeAndGo, r.EqualFooting, r.MixedGroup, r.MeetRegularly, r.PlanAfter, r.Note);
}

/// <summary>The five statements of the partners' reflection, in the order asked; their texts are in dialogs/evaluation.yaml.</summary>
public static class ReflectionStatements
{
    public static IReadOnlyList<string> Keys { get; } = ["come_and_go", "equal_footing", "mixed_group", "meet_regularly", "plan_after"];
}

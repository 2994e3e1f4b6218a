using Makker.Conversations;

namespace Makker.Features.Evaluation;

[TextKeySet]
public static class EvaluationTexts
{
    public const string MyDataAnswers = "evaluation.mydata_answers";
    public const string MyDataPartner = "evaluation.mydata_partner";
}

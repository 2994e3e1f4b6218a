using Makker.Conversations;

namespace Makker.Features.Evaluation;

[TextKeySet]
public static class EvaluationTexts
{
    public const string MyDataAnswers = "evaluation.mydata_answers";
    public const string MyDataPartner = "evaluation.mydata_partner";
    public const string AgreeAsk = "evaluation.agree_ask";
    public const string ButtonAgree = "evaluation.button_agree";
    public const string ButtonDecline = "evaluation.button_decline";
    public const string Agreed = "evaluation.agreed";
    public const string Declined = "evaluation.declined";
    public const string Ask = "evaluation.ask";
    public const string Thanks = "evaluation.thanks";
    public const string ReportReady = "evaluation.report_ready";
    public const string QuarterName = "evaluation.quarter_name";
    public const string ReflectStatement = "evaluation.reflect_statement";
    public const string ReflectSaved = "evaluation.reflect_saved";
    public const string PartnersList = "partners.list";
    public const string PartnersNone = "partners.none";
    public const string PartnersButtonAdd = "partners.button_add";
    public const string PartnersButtonMine = "partners.button_mine";
    public const string PartnerAdded = "partners.added";
    public const string PartnerMine = "partners.mine";
}

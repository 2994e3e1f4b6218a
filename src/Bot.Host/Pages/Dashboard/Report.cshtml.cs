using System.Globalization;
using System.Text;
using Makker.Conversations.Dialogs;
using Makker.Features.CheckIns;
using Makker.Features.Dashboard;
using Makker.Features.Evaluation;
using Makker.Host.Dashboard;
using Makker.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Makker.Host.Pages.Dashboard;

/// <summary>
/// The partnership's self-evaluation for one quarter: the whole report, a one-page summary of the key points, the same
/// figures as CSV, and the small form that names the partners. Every figure comes already under the &lt;5 rule.
/// </summary>
public sealed class ReportModel(IDbContextFactory<MakkerDb> dbs, TimeProvider clock, QuarterReports reports, DialogCatalog catalog,
    IStringLocalizer<DashboardText> text) : CommunityPageModel(dbs, clock)
{
    [BindProperty(SupportsGet = true, Name = "quarter")]
    public string? QuarterLabel { get; set; }

    public Quarter Quarter { get; private set; }

    public QuarterReport Report { get; private set; } = null!;

    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];

    public IReadOnlyList<Partner> PartnerList { get; private set; } = [];

    public long? MyPartner { get; private set; }

    /// <summary>The one-page summary ("key points") instead of the whole report.</summary>
    public bool Summary { get; private set; }

    [BindProperty]
    public string? PartnerName { get; set; }

    [BindProperty]
    public PartnerKind PartnerKind { get; set; } = PartnerKind.Association;

    [BindProperty]
    public long? PartnerId { get; set; }

    public string? NameError { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnGetSummaryAsync()
    {
        Summary = true;
        return await LoadAsync() ? Page() : NotFound();
    }

    /// <summary>The same figures as the page, one row each, for a spreadsheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }
        // The byte-order mark tells Excel the file is UTF-8.
        var csv = new StringBuilder("\uFEFFcommunity,quarter,section,figure,question,answer,value\n");
        void Row(string section, string figure, string? question, string? answer, string value) =>
            NumbersCsv.AppendRow(csv, Community.Name, Quarter.Label, section, figure, question ?? "", answer ?? "", value);
        foreach (var line in Report.Lines)
        {
            Row(line.Section, line.Figure, line.Question, line.Answer, line.Value);
        }
        foreach (var p in Report.Partners.Where(p => p.This is not null))
        {
            for (var i = 0; i < ReflectionStatements.Keys.Count; i++)
            {
                Row("reflection", ReflectionStatements.Keys[i], p.Partner.Name, null, p.This!.All[i].ToString(CultureInfo.InvariantCulture));
            }
        }
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"makker-report-{Quarter.Label}.csv");
    }

    /// <summary>Names a new partner of the community; the coordinator may say they belong to it.</summary>
    public async Task<IActionResult> OnPostPartnersAsync()
    {
        if (!Enum.IsDefined(PartnerKind))
        {
            return BadRequest();
        }
        if (Partners.Name(PartnerName) is not { } name)
        {
            NameError = text["PartnerNameInvalid", EvaluationLimits.MaxPartnerName];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync() ? Page() : NotFound();
        }
        await Partners.AddAsync(Db, Me, Id, name, PartnerKind, Now, HttpContext.RequestAborted);
        return Redirect(DashboardUrls.Report(Id, QuarterLabel ?? ""));
    }

    /// <summary>Says which partner the logged-in coordinator belongs to.</summary>
    public async Task<IActionResult> OnPostMyPartnerAsync()
    {
        if (PartnerId is not { } partner || !await Partners.SetMineAsync(Db, Id, Me, partner, Now, HttpContext.RequestAborted))
        {
            return BadRequest();
        }
        return Redirect(DashboardUrls.Report(Id, QuarterLabel ?? ""));
    }

    /// <summary>A statement, question or answer as the bot says it, in the page's language.</summary>
    public string Statement(string key) => catalog.Text("evaluation.statement." + key, Language);

    public string Question(string id) => CheckInQuestions.QuestionText(catalog, CheckInVariants.Quarterly, id, Language);

    public string Answer(string question, string id) => CheckInQuestions.AnswerLabel(catalog, CheckInVariants.Quarterly, question, id, Language);

    /// <summary>"1st quarter 2027": the quarter's name in the page's language.</summary>
    public string QuarterName(Quarter q) => q.Name(catalog, Language);

    private async Task<bool> LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Quarters = await reports.QuartersAsync(Db, Community, Now, ct);
        if (QuarterLabel is null)
        {
            // The newest quarter whose report is ready; a community in its first quarter sees that one as it goes.
            Quarter = Quarters.Count > 1 ? Quarters[1] : Quarters.Count == 1 ? Quarters[0] : Quarter.Containing(DateOnly.FromDateTime(Now.UtcDateTime));
            QuarterLabel = Quarter.Label;
        }
        else if (Quarter.TryParse(QuarterLabel, out var asked))
        {
            Quarter = asked;
        }
        else
        {
            return false;
        }
        Report = await reports.ReportAsync(Db, Community, Quarter, catalog, Now, ct);
        // The report has every partner already, in the same order.
        PartnerList = [.. Report.Partners.Select(p => p.Partner)];
        MyPartner = await Partners.MineAsync(Db, Id, Me, ct);
        return true;
    }
}

using Makker.Conversations;
using Makker.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makker.Features.CheckIns;

/// <summary>The person's check-in answers, for /mydata. /forget deletes them with the person (cascade).</summary>
public sealed class CheckInMyData(IOptions<Privacy.PrivacyOptions> options) : IMyDataSection
{
    public async Task<string?> DescribeAsync(TurnContext ctx, Person person, CancellationToken ct)
    {
        var answers = await ctx.Db.CheckIns.CountAsync(c => c.PersonId == person.Id && c.AnswerId != null, ct);
        return answers == 0 ? null : ctx.T(CheckInTexts.MyData, new Dictionary<string, string>
        {
            ["count"] = answers.ToString(ctx.Culture),
            ["days"] = options.Value.KeepDays.ToString(ctx.Culture),
        });
    }
}

using Makker.Features.Coordination;
using Makker.Features.Evaluation;
using Makker.Features.HelpingHands;
using Makker.Features.Ideas;
using Makker.Features.Participation;
using Makker.Features.Volunteering;
using Makker.Storage;

namespace Makker.Testing.Evaluation;

/// <summary>
/// Two quarters of a community (Q4 2026 and Q1 2027) written straight into the tables, small enough to count by hand:
/// the expected figures are worked out in <c>QuarterReportTests</c> and used by the dashboard's report tests.
/// People are "p1" ... "p18" on the given channel. Occurrences at 17:30 Copenhagen time:
/// Q4: O1 1 Oct, O2 15 Oct, O3 5 Nov, (19 Nov cancelled), O4 3 Dec. Q1: O5 7 Jan, O6 4 Feb, O7 4 Mar, O8 18 Mar.
/// </summary>
public static class TwoQuarters
{
    public static readonly Quarter Q4 = new(new DateOnly(2026, 10, 1));
    public static readonly Quarter Q1 = new(new DateOnly(2027, 1, 1));

    /// <summary>After Q1's report is ready (1 April + 4 days) and before Q2's.</summary>
    public static readonly DateTimeOffset After = new(2027, 4, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo Copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");

    public static DateTimeOffset At(int year, int month, int day, int hour = 17, int minute = 30) =>
        new(new DateTime(year, month, day, hour, minute, 0), Copenhagen.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0)));

    public static async Task<Dictionary<string, long>> SeedAsync(MakkerDb db, long communityId, string channel)
    {
        var created = At(2026, 10, 1, 9, 0);
        var people = new Dictionary<string, Person>();
        for (var i = 1; i <= 18; i++)
        {
            var p = new Person { Channel = channel, ExternalId = $"p{i}", FirstName = $"P{i}", Language = "da", Consent = ConsentState.Given, ConsentChangedAt = created, CreatedAt = created };
            people[p.ExternalId] = p;
            db.People.Add(p);
        }
        var dinner = new Activity { CommunityId = communityId, Name = "Torsdagsmiddag", Place = "Fælleshuset", Days = WeekDays.None, CreatedAt = created };
        db.Activities.Add(dinner);
        await db.SaveChangesAsync();
        foreach (var p in people.Values.Where(p => p.ExternalId is not ("p16" or "p17" or "p18")))
        {
            db.ActivityMembers.Add(new ActivityMember { ActivityId = dinner.Id, PersonId = p.Id, JoinedAt = created });
            db.CommunityMembers.Add(new CommunityMember { CommunityId = communityId, PersonId = p.Id, JoinedAt = created });
        }

        Occurrence Occ(int y, int m, int d, bool cancelled = false)
        {
            var o = new Occurrence { ActivityId = dinner.Id, StartsAt = At(y, m, d), EndsAt = At(y, m, d).AddHours(2), CreatedAt = created, CancelledAt = cancelled ? created : null };
            db.Occurrences.Add(o);
            return o;
        }
        var o1 = Occ(2026, 10, 1);
        var o2 = Occ(2026, 10, 15);
        var o3 = Occ(2026, 11, 5);
        var cancelled = Occ(2026, 11, 19, cancelled: true);
        var o4 = Occ(2026, 12, 3);
        var o5 = Occ(2027, 1, 7);
        var o6 = Occ(2027, 2, 4);
        var o7 = Occ(2027, 3, 4);
        var o8 = Occ(2027, 3, 18);
        var tasks = new[] { "dækker bord", "vasker op", "byder velkommen" }.Select(n => new HelpingTask { ActivityId = dinner.Id, Name = n, CreatedAt = created }).ToArray();
        db.HelpingTasks.AddRange(tasks);
        await db.SaveChangesAsync();

        void Rsvp(Occurrence o, RsvpAnswer answer, params int[] who)
        {
            foreach (var i in who)
            {
                db.Rsvps.Add(new Rsvp { OccurrenceId = o.Id, PersonId = people[$"p{i}"].Id, Answer = answer, AnsweredAt = o.StartsAt.AddDays(-1) });
            }
        }
        Rsvp(o1, RsvpAnswer.Coming, 1, 2, 3, 4, 5, 6);
        Rsvp(o2, RsvpAnswer.Coming, 1, 2, 3, 7);
        Rsvp(o2, RsvpAnswer.NotToday, 4, 5, 6);
        Rsvp(o3, RsvpAnswer.Coming, 1, 2, 3, 4, 8);
        Rsvp(o3, RsvpAnswer.NotToday, 9);
        Rsvp(cancelled, RsvpAnswer.Coming, 11);
        Rsvp(o4, RsvpAnswer.Coming, 1, 2, 5, 9, 10);
        Rsvp(o4, RsvpAnswer.NotToday, 6, 3);
        Rsvp(o5, RsvpAnswer.Coming, 1, 2, 3, 4, 11, 12);
        Rsvp(o5, RsvpAnswer.NotToday, 5, 6, 7, 8, 9, 10, 13, 14, 15);
        Rsvp(o6, RsvpAnswer.Coming, 1, 2, 3, 11, 13, 14);
        Rsvp(o6, RsvpAnswer.NotToday, 12);
        Rsvp(o7, RsvpAnswer.Coming, 1, 2, 11, 12, 15, 5);
        Rsvp(o7, RsvpAnswer.NotToday, 4);
        Rsvp(o8, RsvpAnswer.Coming, 1, 3, 13, 6, 12);

        void Helped(Occurrence o, int task, int who) =>
            db.HelpingHands.Add(new HelpingHand { OccurrenceId = o.Id, TaskId = tasks[task].Id, PersonId = people[$"p{who}"].Id, TakenAt = o.StartsAt });
        Helped(o1, 0, 1);
        Helped(o5, 0, 1);
        Helped(o5, 1, 2);
        Helped(o5, 2, 3);
        Helped(o6, 0, 11);
        Helped(o7, 0, 12);

        // p2 approved as a volunteer on 10 January.
        db.AuditLog.Add(new AuditEntry
        {
            CommunityId = communityId,
            Action = RoleChanges.ApprovedAction,
            Detail = RoleChanges.AuditDetailPrefix(RoleNames.Volunteer) + people["p2"].Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            At = At(2027, 1, 10, 12, 0),
        });

        // Ideas: two proposed in Q4; six in Q1, one of them became an activity in Q1.
        void Idea(DateTimeOffset at, DateTimeOffset? became = null) => db.Ideas.Add(new Idea
        {
            CommunityId = communityId,
            ActivityId = dinner.Id,
            Text = "En idé",
            Status = became is null ? IdeaStatus.Shared : IdeaStatus.BecameActivity,
            ProposedAt = at,
            BecameActivityAt = became,
        });
        Idea(At(2026, 10, 20));
        Idea(At(2026, 11, 20));
        for (var d = 1; d <= 5; d++)
        {
            Idea(At(2027, 1, 10 + d));
        }
        Idea(At(2027, 2, 1), became: At(2027, 3, 1));

        void Shift(Occurrence o, int needed, int taken) => db.Shifts.Add(new Shift
        {
            OccurrenceId = o.Id, Role = "madlavning", StartsAt = o.StartsAt.AddHours(-2), EndsAt = o.StartsAt, Needed = needed, Taken = taken, CreatedAt = created,
        });
        Shift(o1, 2, 2);
        Shift(o5, 2, 2);
        Shift(o6, 2, 1);
        Shift(o7, 3, 3);
        Shift(o8, 2, 0);

        void Answer(Quarter q, string question, string answer, params int[] who)
        {
            foreach (var i in who)
            {
                db.QuarterAnswers.Add(new QuarterAnswer
                {
                    PersonId = people[$"p{i}"].Id, CommunityId = communityId, Quarter = q.Start, QuestionKey = question, Answer = answer,
                    AnsweredAt = new DateTimeOffset(q.Start.AddDays(20).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
                });
            }
        }
        Answer(Q4, "feel_welcome", "yes", 1, 2, 3);
        Answer(Q1, "feel_welcome", "yes", 1, 2, 3, 4, 5, 6);
        Answer(Q1, "feel_welcome", "partly", 7, 8);
        Answer(Q1, "feel_welcome", "skip", 9);
        Answer(Q1, "got_to_know", "yes", 1, 2, 3, 4, 5);
        Answer(Q1, "got_to_know", "a_little", 6, 7, 8, 9, 10);
        Answer(Q1, "got_to_know", "no", 11);
        Answer(Q1, "contribute", "yes", 1, 2, 3, 4, 5);
        Answer(Q1, "contribute", "partly", 6, 7, 8, 9, 10, 11);
        Answer(Q1, "contribute", "no", 12, 13);
        Answer(Q1, "contribute", "skip", 14, 15, 16, 17, 18);

        var municipality = new Partner { CommunityId = communityId, Name = "Kommunen", Kind = PartnerKind.Municipality, CreatedAt = created };
        var association = new Partner { CommunityId = communityId, Name = "Foreningen", Kind = PartnerKind.Association, CreatedAt = created };
        db.Partners.AddRange(municipality, association);
        await db.SaveChangesAsync();
        db.PartnerReflections.Add(new PartnerReflection { PartnerId = municipality.Id, Quarter = Q4.Start, ComeAndGo = 3, EqualFooting = 3, MixedGroup = 2, MeetRegularly = 2, PlanAfter = 1, AnsweredAt = At(2027, 1, 3, 12, 0) });
        db.PartnerReflections.Add(new PartnerReflection { PartnerId = municipality.Id, Quarter = Q1.Start, ComeAndGo = 4, EqualFooting = 4, MixedGroup = 3, MeetRegularly = 4, PlanAfter = 2, Note = "Vi mødes nu hver måned.", AnsweredAt = At(2027, 4, 3, 12, 0) });
        db.PartnerReflections.Add(new PartnerReflection { PartnerId = association.Id, Quarter = Q1.Start, ComeAndGo = 5, EqualFooting = 4, MixedGroup = 4, MeetRegularly = 3, PlanAfter = 2, AnsweredAt = At(2027, 4, 4, 12, 0) });
        await db.SaveChangesAsync();
        return people.ToDictionary(p => p.Key, p => p.Value.Id);
    }
}

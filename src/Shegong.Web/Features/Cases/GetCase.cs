using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// One case with its documents, process notes, stage history and referrals. Only its workers, the station manager and
/// the station's assigned supervisors find it (the scope filter); anyone else gets nothing (404). Every read is in the
/// audit log.
/// </summary>
public static class GetCase
{
    public sealed record Query(Guid Id);

    public sealed record NoteItem(Guid Id, DateOnly On, ContactMethod Method, int Minutes, string Text, string AuthorName, DateOnly? NextContactOn = null);
    public sealed record MeetingItem(Guid Id, DateOnly HeldOn);
    public sealed record ChangeItem(CaseAction Action, CaseStage? From, CaseStage To, DateOnly On, string ByName, string Reason);
    public sealed record ReferralItem(Guid Id, ReceiverKind ReceiverKind, string ReceiverName, Guid? ReceiverStationId, string Reason, string Request,
        SharedField Shared, LegalBasis Basis, string BasisNote, DateOnly SentOn, int FeedbackDays, DateOnly DueOn, ReferralStatus Status,
        DateOnly? AnsweredOn, DateOnly? DoneOn, string Feedback, bool Overdue, int Version,
        DateOnly? ConfirmedOn, ConfirmationMethod? ConfirmedBy, ConfirmationAnswer? ConfirmedAnswer, string ConfirmationNote);

    public sealed record Result(Guid Id, int Version, Guid PersonId, string PersonName, int PersonAge, Guid? HouseholdId, Guid? NeedId,
        CaseSource Source, RiskLevel Risk, CaseStage Stage, CaseStage? NextStage, Guid WorkerId, string WorkerName,
        IReadOnlyList<Guid> CoWorkers, IReadOnlyList<string> CoWorkerNames,
        DateOnly OpenedOn, DateOnly StageSince, DateOnly? ClosedOn, int Episode, DateOnly? ClosingRequestedOn, string ClosingApprovedByName,
        IntakeRecord Intake, AssessmentRecord Assessment, PlanRecord Plan, EvaluationRecord Evaluation, ClosingRecord Closing,
        IReadOnlyList<NoteItem> Notes, IReadOnlyList<ChangeItem> History, IReadOnlyList<ReferralItem> Referrals, IReadOnlyList<MeetingItem> Meetings);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Query q, CancellationToken ct = default)
        {
            var c = await db.CasesOf().AsNoTracking().SingleOrDefaultAsync(x => x.Id == q.Id, ct);
            if (c is null) return null;
            var today = ChinaTime.Today;
            var person = await db.PersonEntryAsync(c.PersonId, ct);
            var notes = await db.Set<CaseNote>().AsNoTracking().Where(n => n.CaseId == c.Id)
                .OrderByDescending(n => n.On).ThenByDescending(n => n.RecordedAtUtc).ToListAsync(ct);
            var history = await db.Set<CaseStageChange>().AsNoTracking().Where(n => n.CaseId == c.Id).OrderBy(n => n.Id).ToListAsync(ct);
            var referrals = await db.Set<Referral>().AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.SentOn).ThenBy(r => r.Id).ToListAsync(ct);
            var meetings = await db.Set<LinkageMeetingCase>().AsNoTracking().Where(m => m.CaseId == c.Id)
                .OrderByDescending(m => m.HeldOn).Select(m => new MeetingItem(m.MeetingId, m.HeldOn)).ToListAsync(ct);
            var userIds = notes.Select(n => n.AuthorId).Concat(history.Select(h => h.ByUserId)).Concat(c.CoWorkers).Append(c.WorkerId)
                .Concat(c.ClosingApprovedBy is { } a ? [a] : []).Distinct().ToList();
            // Names of accounts outside the caller's region (none, normally) show as empty.
            var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            string Name(Guid id) => names.GetValueOrDefault(id, "");

            db.RecordRead(nameof(Case), c.Id.ToString(), c.StationId, c.RegionPrefix, $"case file: {notes.Count} notes, {referrals.Count} referrals");
            await db.SaveChangesAsync(ct);

            return new Result(c.Id, c.Version, c.PersonId, person?.Name ?? "", person is null ? 0 : PersonRules.AgeOn(person.BirthDate, today),
                c.HouseholdId, c.NeedId, c.Source, c.Risk, c.Stage, CaseFlow.Next(c.Stage), c.WorkerId, Name(c.WorkerId),
                c.CoWorkers, c.CoWorkers.Select(Name).ToList(), c.OpenedOn, c.StageSince, c.ClosedOn, c.Episode, c.ClosingRequestedOn,
                c.ClosingApprovedBy is { } by ? Name(by) : "",
                c.Intake, c.Assessment, c.Plan, c.Evaluation, c.Closing,
                notes.Select(n => new NoteItem(n.Id, n.On, n.Method, n.Minutes, n.Text, Name(n.AuthorId), n.NextContactOn)).ToList(),
                history.Select(h => new ChangeItem(h.Action, h.From, h.To, h.On, Name(h.ByUserId), h.Reason)).ToList(),
                referrals.Select(r => new ReferralItem(r.Id, r.ReceiverKind, r.ReceiverName, r.ReceiverStationId, r.Reason, r.Request, r.Shared, r.Basis,
                    r.BasisNote, r.SentOn, r.FeedbackDays, r.DueOn, r.Status, r.AnsweredOn, r.DoneOn, r.Feedback, r.IsOverdue(today), r.Version,
                    r.ConfirmedOn, r.ConfirmedBy, r.ConfirmedAnswer, r.ConfirmationNote)).ToList(),
                meetings);
        }
    }
}

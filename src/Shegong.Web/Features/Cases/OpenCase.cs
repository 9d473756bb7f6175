using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Features.Visits.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// 接案: a case for a person of the station, at intake, with the caller in charge (a manager may name another worker
/// of the station). From a visit's need in one step (the need is taken up, the link kept), or from a referral that
/// another station sent here (the receipt is linked).
/// </summary>
public static class OpenCase
{
    public sealed record Command(Guid PersonId, CaseSource? Source, RiskLevel? Risk, string? PresentingProblem, string? Request,
        Guid? NeedId = null, Guid? ReferralReceiptId = null, Guid? WorkerId = null, IReadOnlyList<Guid>? CoWorkers = null, bool ForHousehold = false);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user || db.Scope.StationId is not { } station) return CommandResult.NotFound;
            var person = await db.PersonEntryAsync(c.PersonId, ct);
            if (person is null) return CommandResult.NotFound;
            var staff = (await db.StationWorkersAsync(station, ct)).Select(w => w.Id).ToHashSet();
            var worker = c.WorkerId ?? user;
            if (worker != user && !db.Scope.ManagesStation) return CommandResult.Invalid("WorkerId", $"{l["Field.WorkerId"]}：{l["Cases.OnlyManagerAssigns"]}");
            if (!staff.Contains(worker)) return CommandResult.Invalid("WorkerId", $"{l["Field.WorkerId"]}：{l["Cases.NotStationWorker"]}");
            var co = c.CoWorkers ?? [];
            if (co.FirstOrDefault(w => !staff.Contains(w)) is var stranger && stranger != Guid.Empty)
                return CommandResult.Invalid("CoWorkers", $"{l["Field.CoWorkers"]}：{l["Cases.NotStationWorker"]}");
            var today = ChinaTime.Today;
            try
            {
                var errors = new List<DomainException>();
                if (c.Source is null) errors.Add(new DomainException("Source", "Error.Required"));
                if (c.Risk is null) errors.Add(new DomainException("Risk", "Error.Required"));
                IntakeRecord? intake = null;
                try { intake = IntakeRecord.Checked(c.PresentingProblem, c.Request); } catch (DomainException e) { errors.AddRange(e.Each); }
                if (errors.Count > 0) throw DomainException.Many(errors);
                ReferralReceipt? receipt = null;
                if (c.ReferralReceiptId is { } rid)
                {
                    receipt = await db.Set<ReferralReceipt>().SingleOrDefaultAsync(r => r.Id == rid, ct);
                    if (receipt is null) return CommandResult.Invalid("ReferralReceiptId", $"{l["Field.ReferralReceiptId"]}：{l["Error.NotFound"]}");
                    if (receipt.CaseId is not null) return CommandResult.Invalid("ReferralReceiptId", l["Referrals.AlreadyOpened"]);
                }
                var @case = Case.Open(new VisitSubjectRef(person.Id, person.StationId, person.RegionPrefix, person.HouseholdId),
                    c.Source!.Value, c.Risk!.Value, worker, co, intake!, today, user, c.NeedId, receipt?.Id, c.ForHousehold, person.Types);
                if (c.NeedId is { } needId)
                {
                    var taken = await db.TakeUpNeedAsync(needId, person.Id, "Case:" + @case.Id, today, ct);
                    if (taken == NeedLedger.TakeUpOutcome.NotFound)
                        return CommandResult.Invalid("NeedId", $"{l["Field.NeedDescription"]}：{l["Error.NotFound"]}");
                    if (taken == NeedLedger.TakeUpOutcome.NotOpen) return CommandResult.Invalid("NeedId", l["Need.NotOpen"]);
                }
                receipt?.OpenedAs(@case.Id);
                db.Set<Case>().Add(@case);
                db.Set<CaseStageChange>().AddRange(@case.NewChanges);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(@case.Id, @case);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}

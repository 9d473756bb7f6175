using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// 转介 from a case: to a named unit, with reason, request, the personal fields shared (only those chosen), the consent
/// or legal basis, and a deadline in working days. A referral to another station of the system also lands in that
/// station's intake queue as a <see cref="ReferralReceipt"/> holding only the shared fields.
/// </summary>
public static class SendReferral
{
    public sealed record Command(Guid CaseId, ReceiverKind? ReceiverKind, string? ReceiverName, Guid? ReceiverStationId, string? Reason, string? Request,
        SharedField Shared, LegalBasis? Basis, string? BasisNote, int? FeedbackDays);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, IConfiguration config)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is not { } user) return CommandResult.NotFound;
            var @case = await db.CasesOf().AsNoTracking().SingleOrDefaultAsync(x => x.Id == c.CaseId, ct);
            if (@case is null) return CommandResult.NotFound;
            var today = ChinaTime.Today;
            // The receiving station is another station's record: only its name and region are read, to address the receipt.
            var receiver = c.ReceiverStationId is { } sid
                ? await db.Stations.IgnoreQueryFilters(ShegongDbContext.ScopeFilters).AsNoTracking().Where(s => s.Id == sid)
                    .Select(s => new { s.Id, s.Name, s.RegionPrefix }).SingleOrDefaultAsync(ct)
                : null;
            if (c.ReceiverStationId is not null && receiver is null)
                return CommandResult.Invalid("ReceiverStationId", $"{l["Field.ReceiverStationId"]}：{l["Error.NotFound"]}");
            try
            {
                var name = c.ReceiverKind == ReceiverKind.Station && receiver is not null && string.IsNullOrWhiteSpace(c.ReceiverName) ? receiver.Name : c.ReceiverName;
                var referral = Referral.Send(@case, c.ReceiverKind ?? 0, name, c.ReceiverStationId, c.Reason, c.Request, c.Shared, c.Basis, c.BasisNote,
                    c.FeedbackDays, today, CaseSettings.Calendar(config), user);
                db.Set<Referral>().Add(referral);
                // The feedback deadline is a task of the sender until the receiver's result.
                db.Set<CaseTask>().Add(CaseTask.ForReferral(@case, referral));
                if (receiver is not null)
                {
                    var from = await db.Stations.AsNoTracking().Where(s => s.Id == @case.StationId).Select(s => s.Name).SingleAsync(ct);
                    var shared = SharedPerson.Of(SharedField.None, "", default, 0, "", "", null, default);
                    if (c.Shared != SharedField.None)
                    {
                        var p = await db.ShareableAsync(@case.PersonId, $"referral {referral.Id}: shared {c.Shared}", ct);
                        if (p is null) return CommandResult.NotFound;
                        shared = SharedPerson.Of(c.Shared, p.Name, p.Gender, PersonRules.AgeOn(p.BirthDate, today), p.Phone, p.Address, p.IdNumber, p.Types);
                    }
                    db.Set<ReferralReceipt>().Add(ReferralReceipt.For(referral, receiver.Id, receiver.RegionPrefix, from, shared));
                }
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(referral.Id, referral);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
        }
    }
}

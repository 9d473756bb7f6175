using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The receiver's answer (accepted / declined) or result (done, with its feedback). For a unit outside the system the
/// case's worker records it; a station of the system answers from its intake queue (its receipt), and the answer
/// reaches the sending case in the same save. A referral to a station is answered only by that station.
/// </summary>
public static class AnswerReferral
{
    public sealed record Command(Guid ReferralId, int Version, ReferralStatus? Status, string? Feedback, DateOnly? On = null);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.UserId is null) return CommandResult.NotFound;
            var on = c.On ?? ChinaTime.Today;
            if (on > ChinaTime.Today) return CommandResult.Invalid("On", $"{l["Field.On"]}：{l["Cases.DateInFuture"]}");
            try
            {
                var receipt = await db.Set<ReferralReceipt>().SingleOrDefaultAsync(r => r.Id == c.ReferralId, ct);
                if (receipt is not null)
                {
                    if (!db.MatchesVersion(receipt, c.Version)) return CommandResult.Conflict(l);
                    // The receiving station answers the referral it received: the sender's record is found by the receipt's id
                    // (the filter, which hides the other station's case, is lifted for this one row only).
                    var sent = await db.Set<Referral>().IgnoreQueryFilters(ShegongDbContext.ScopeFilters).SingleAsync(r => r.Id == receipt.Id, ct);
                    receipt.Answer(sent, c.Status ?? 0, c.Feedback, on);
                    // The sender's task, like the sender's referral, is found by the referral alone.
                    await CaseTaskSync.ReferralAnsweredAsync(db, sent, on, unfiltered: true, ct);
                    await db.SaveChangesAsync(ct);
                    return CommandResult.Ok(receipt.Id, receipt);
                }
                var referral = await db.Set<Referral>().SingleOrDefaultAsync(r => r.Id == c.ReferralId, ct);
                if (referral is null) return CommandResult.NotFound;
                if (referral.ReceiverKind == ReceiverKind.Station) return CommandResult.Invalid("Status", l["Referrals.StationAnswersItself"]);
                if (!db.MatchesVersion(referral, c.Version)) return CommandResult.Conflict(l);
                referral.Answer(c.Status ?? 0, c.Feedback, on);
                await CaseTaskSync.ReferralAnsweredAsync(db, referral, on, unfiltered: false, ct);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(referral.Id, referral);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}

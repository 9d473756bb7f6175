using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Domain.Common;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>The closed loop: after the receiver's "done", the case's worker records the person's own answer (call or visit, date, received / partly / not).</summary>
public static class ConfirmReferral
{
    public sealed record Command(Guid ReferralId, int Version, DateOnly? On, ConfirmationMethod? Method, ConfirmationAnswer? Answer, string? Note);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var referral = await db.Set<Referral>().SingleOrDefaultAsync(r => r.Id == c.ReferralId, ct);
            if (referral is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(referral, c.Version)) return CommandResult.Conflict(l);
            try
            {
                referral.Confirm(c.On, c.Method ?? 0, c.Answer ?? 0, c.Note, ChinaTime.Today);
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(referral.Id, referral);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// Referrals past their feedback deadline without the receiver's result (declined or done), of the cases the caller
/// reads — for a worker, those of their own cases: the worker's task list on the case list and the home page.
/// </summary>
public static class ListOverdueReferrals
{
    public sealed record Item(Guid ReferralId, Guid CaseId, string PersonName, string ReceiverName, DateOnly SentOn, DateOnly DueOn, int DaysOverdue, ReferralStatus Status);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct = default)
        {
            var today = ChinaTime.Today;
            var rows = await db.Set<Referral>().AsNoTracking()
                .Where(r => (r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.Accepted) && r.DueOn < today)
                .OrderBy(r => r.DueOn).Take(200)
                .Select(r => new { r.Id, r.CaseId, r.PersonId, r.ReceiverName, r.SentOn, r.DueOn, r.Status }).ToListAsync(ct);
            var ids = rows.Select(r => r.PersonId).Distinct().ToList();
            var names = await db.PersonEntries().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            return rows.Select(r => new Item(r.Id, r.CaseId, names.GetValueOrDefault(r.PersonId, ""), r.ReceiverName, r.SentOn, r.DueOn,
                today.DayNumber - r.DueOn.DayNumber, r.Status)).ToList();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The station's intake queue of referrals from other stations: only what each referral shares (the chosen fields,
/// reason, request, basis, deadline) and its state. The shared personal fields are sensitive: the read is audited.
/// </summary>
public static class ListReferralInbox
{
    public sealed record Query(bool OpenOnly = false);

    public sealed record Item(Guid Id, int Version, string FromStationName, SharedField Shared, SharedPerson Person, string Reason, string Request,
        LegalBasis Basis, string BasisNote, DateOnly SentOn, DateOnly DueOn, ReferralStatus Status, string Feedback, Guid? CaseId);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(Query q, CancellationToken ct = default)
        {
            var receipts = db.Set<ReferralReceipt>().AsNoTracking();
            if (q.OpenOnly) receipts = receipts.Where(r => r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.Accepted);
            var rows = await receipts.OrderByDescending(r => r.SentOn).ThenByDescending(r => r.Id).Take(200).ToListAsync(ct);
            foreach (var r in rows) db.RecordRead(nameof(ReferralReceipt), r.Id.ToString(), r.StationId, r.RegionPrefix, "intake queue: shared fields");
            if (rows.Count > 0) await db.SaveChangesAsync(ct);
            return rows.Select(r => new Item(r.Id, r.Version, r.FromStationName, r.Shared, r.Person, r.Reason, r.Request, r.Basis, r.BasisNote,
                r.SentOn, r.DueOn, r.Status, r.Feedback, r.CaseId)).ToList();
        }
    }
}

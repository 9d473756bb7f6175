using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Features.Registry.Contracts;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// The station's dispatch queue and suggested donors (精准派单建议). The pool is the wishes in status Dispatching
/// (unclaimed too long), and on request also those still Published on the board; units already claimed or offered to a
/// donor are not in it. Donors are the active ones, with their capacity and budget less what their open offers hold.
/// Wishes staff dropped from this round (<see cref="Query.Skip"/>) stay in the list for a manual choice.
/// </summary>
public static class GetSuggestions
{
    public sealed record Query(bool IncludePublished = false, IReadOnlyList<Guid>? Skip = null);
    public sealed record DonorChoice(Guid Id, string Name);
    public sealed record Suggestion(Guid WishId, string PublicName, WishCategory Category, string Description, decimal UnitValue, int Units,
        Guid DonorId, string DonorName, ClaimantType DonorType, IReadOnlyList<DonorChoice> Alternatives);
    public sealed record PoolWish(Guid WishId, string PublicName, WishCategory Category, string Description, decimal UnitValue, int UnitsFree,
        WishStatus Status, bool Skipped, IReadOnlyList<DonorChoice> Eligible);
    public sealed record Result(IReadOnlyList<Suggestion> Suggestions, IReadOnlyList<PoolWish> Unmatched, decimal MatchedValue, decimal GreedyValue,
        decimal UpperBound, int PoolWishes, int ActiveDonors);

    private sealed record WishRow(Guid Id, string PublicName, WishCategory Category, string Description, decimal UnitValue, int Free, WishStatus Status, string Area);
    private sealed record DonorRow(Guid Id, string Name, ClaimantType Type, Donor Donor, int UnitsLeft, decimal BudgetLeft);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var statuses = q.IncludePublished ? new[] { WishStatus.Dispatching, WishStatus.Published } : [WishStatus.Dispatching];
            var skip = (q.Skip ?? []).ToHashSet();
            var communities = db.PersonCommunities();
            var rows = await db.Wishes.AsNoTracking().Where(w => statuses.Contains(w.Status) && w.UnitsClaimed < w.Quantity)
                .OrderBy(w => w.PublishedOn).ThenBy(w => w.Id)
                .Select(w => new
                {
                    w.Id, w.PublicName, w.Category, w.Description, w.UnitValue, Left = w.Quantity - w.UnitsClaimed, w.Status,
                    Area = communities.Where(c => c.PersonId == w.PersonId).Select(c => c.CommunityCode).FirstOrDefault(),
                    Offered = db.DispatchOffers.Where(o => o.WishId == w.Id && o.Status == OfferStatus.Offered).Sum(o => (int?)o.Units) ?? 0,
                }).ToListAsync(ct);
            var wishes = rows.Where(r => r.Left - r.Offered > 0)
                .Select(r => new WishRow(r.Id, r.PublicName, r.Category, r.Description, r.UnitValue, r.Left - r.Offered, r.Status, r.Area ?? "")).ToList();

            // Open offers hold units and budget (summed here: SQLite cannot sum decimals).
            var held = (await db.DispatchOffers.AsNoTracking().Where(o => o.Status == OfferStatus.Offered)
                .Select(o => new { o.DonorId, o.Units, o.UnitValue }).ToListAsync(ct))
                .GroupBy(o => o.DonorId).ToDictionary(g => g.Key, g => (Units: g.Sum(o => o.Units), Value: g.Sum(o => o.Units * o.UnitValue)));
            var donors = (await db.Donors.AsNoTracking().Where(d => d.Active).OrderBy(d => d.Name).ThenBy(d => d.Id).ToListAsync(ct))
                .Select(d => new DonorRow(d.Id, d.Name, d.Type, d, d.Capacity - held.GetValueOrDefault(d.Id).Units, d.Budget - held.GetValueOrDefault(d.Id).Value))
                .Where(d => d.UnitsLeft > 0 && d.BudgetLeft >= 0).ToList(); // a volunteer giving time only has no budget

            var input = wishes.Where(w => !skip.Contains(w.Id))
                .Select(w => new DispatchSolver.WishInput(w.Id, (int)w.Category, w.Area, w.UnitValue, w.Free)).ToList();
            var donorInput = donors.Select(d => new DispatchSolver.DonorInput(d.Id, d.Donor.CategoryList.Select(c => (int)c).ToHashSet(),
                d.Donor.AreaList.ToHashSet(), d.BudgetLeft, d.UnitsLeft)).ToList();
            var solved = DispatchSolver.Solve(input, donorInput);
            var greedy = DispatchSolver.Greedy(input, donorInput);

            var wishById = wishes.ToDictionary(w => w.Id);
            var donorById = donors.ToDictionary(d => d.Id);
            List<DonorChoice> Eligible(WishRow w) => donors.Where(d => d.Donor.Accepts(w.Category, w.Area) && d.BudgetLeft >= w.UnitValue)
                .Take(20).Select(d => new DonorChoice(d.Id, d.Name)).ToList();
            var suggestions = solved.Assignments.Select(a =>
            {
                var w = wishById[a.WishId];
                var d = donorById[a.DonorId];
                return new Suggestion(w.Id, w.PublicName, w.Category, w.Description, w.UnitValue, a.Units, d.Id, d.Name, d.Type, Eligible(w));
            }).ToList();
            var matchedUnits = solved.Assignments.GroupBy(a => a.WishId).ToDictionary(g => g.Key, g => g.Sum(a => a.Units));
            var unmatched = wishes.Where(w => w.Free > matchedUnits.GetValueOrDefault(w.Id))
                .Select(w => new PoolWish(w.Id, w.PublicName, w.Category, w.Description, w.UnitValue, w.Free - matchedUnits.GetValueOrDefault(w.Id),
                    w.Status, skip.Contains(w.Id), Eligible(w))).ToList();
            return new Result(suggestions, unmatched, solved.MatchedValue, greedy.MatchedValue, solved.UpperBound, wishes.Count, donors.Count);
        }
    }
}

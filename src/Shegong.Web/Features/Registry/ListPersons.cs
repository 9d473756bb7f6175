using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// The ledger of the caller's station, filtered and paged. An exact ID number is found through its keyed hash (and
/// the search is audited); the scope filter keeps every other station's people out of every route.
/// </summary>
public static class ListPersons
{
    public sealed record Query(
        string? Name = null,
        string? IdNumber = null,
        PersonTypes? Type = null,
        FollowUpTier? Tier = null,
        string? Community = null,
        Guid? WorkerId = null,
        bool OverdueOnly = false,
        PersonStatus? Status = null,
        int Page = 1,
        int PageSize = 20,
        Sort? SortBy = null,
        bool Descending = false);

    /// <summary>The list's orders, each served by an index (names in pinyin order: <see cref="PersonOrder"/>). Tier goes
    /// from high risk down, due dates from the earliest; <c>Descending</c> turns any of them round.</summary>
    public enum Sort { Name, Community, Tier, Due }

    /// <summary>The page sizes a page offers; the API takes any size from 1 to 100.</summary>
    public static readonly int[] PageSizes = [20, 50, 100];

    /// <summary>A row of the list; the phone is masked (the full number is dialled through <c>/persons/{id}/call</c>, which is audited).</summary>
    public sealed record Item(Guid Id, string Name, Gender Gender, int Age, string IdNumberMasked, PersonTypes Types, FollowUpTier Tier,
        string Community, string WorkerName, PersonStatus Status, DateOnly? LastVisitOn, DateOnly? NextVisitDue, int OverdueDays,
        string Address, string PhoneMasked);

    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize, Sort SortBy, bool Descending);

    /// <summary>The communities (社区/村) of the caller's station, for the community filter of this list and of the overdue list.</summary>
    public static Task<List<(string Code, string Name)>> CommunityChoicesAsync(ShegongDbContext db, CancellationToken ct = default) =>
        db.StationCommunitiesAsync(ct);

    public sealed class Handler(ShegongDbContext db, LookupHasher hasher)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var today = ChinaTime.Today;
            var persons = await FilterAsync(db, hasher, q, today, ct);
            var pageSize = Math.Clamp(q.PageSize, 1, 100);
            var page = Paging.Page(q.Page);
            var total = await persons.CountAsync(ct);
            var sort = q.SortBy ?? (q.OverdueOnly ? Sort.Due : Sort.Name);
            var rows = await Order(persons, sort, q.Descending).Skip((page - 1) * pageSize).Take(pageSize)
                .Select(p => new
                {
                    p.Id, p.Name, p.Gender, p.BirthDate, p.IdNumber, p.Types, p.Tier, p.Status, p.LastVisitOn, p.NextVisitDue, p.Phone,
                    Community = db.Regions.Where(r => r.Id == p.CommunityId).Select(r => r.Name).First(),
                    Worker = db.Users.Where(u => u.Id == p.ResponsibleWorkerId).Select(u => u.DisplayName).FirstOrDefault(),
                    Address = db.Households.Where(h => h.Id == p.HouseholdId).Select(h => h.ActualAddress != "" ? h.ActualAddress : h.Address).First(),
                })
                .ToListAsync(ct);
            var items = rows.Select(r => new Item(r.Id, r.Name, r.Gender, PersonRules.AgeOn(r.BirthDate, today), ResidentId.Mask(r.IdNumber),
                r.Types, r.Tier, r.Community, r.Worker ?? "", r.Status, r.LastVisitOn, r.NextVisitDue,
                r.NextVisitDue is { } due && due < today ? today.DayNumber - due.DayNumber : 0,
                r.Address, PhoneNumber.Mask(r.Phone))).ToList();
            return new Result(items, total, page, pageSize, sort, q.Descending);
        }

        private IOrderedQueryable<Person> Order(IQueryable<Person> persons, Sort sort, bool descending) => (sort, descending) switch
        {
            (Sort.Community, false) => persons.OrderBy(p => p.RegionPrefix).ThenByName(db),
            (Sort.Community, true) => persons.OrderByDescending(p => p.RegionPrefix).ThenByName(db, descending: true),
            (Sort.Tier, false) => persons.OrderByDescending(p => p.Tier).ThenByName(db),
            (Sort.Tier, true) => persons.OrderBy(p => p.Tier).ThenByName(db, descending: true),
            (Sort.Due, false) => persons.OrderBy(p => p.NextVisitDue).ThenByName(db),
            (Sort.Due, true) => persons.OrderByDescending(p => p.NextVisitDue).ThenByName(db, descending: true),
            _ => persons.OrderByName(db, descending),
        };

        /// <summary>The filtered set, shared with the export so that a list and its file always agree.</summary>
        internal static async Task<IQueryable<Person>> FilterAsync(ShegongDbContext db, LookupHasher hasher, Query q, DateOnly today, CancellationToken ct)
        {
            var persons = db.Persons.AsNoTracking();
            // Active unless another status is asked for (a default on the nullable enum itself breaks the OpenAPI document).
            var status = q.Status ?? PersonStatus.Active;
            persons = persons.Where(p => p.Status == status);
            if (!string.IsNullOrWhiteSpace(q.Name)) persons = persons.Where(p => p.Name.Contains(q.Name.Trim()));
            if (!string.IsNullOrWhiteSpace(q.IdNumber))
            {
                // Only a valid number can be on file; anything else matches nobody.
                var hash = ResidentId.TryParse(q.IdNumber, out var id, out _) ? await hasher.HashAsync(id.Value, ct) : "-";
                persons = persons.Where(p => p.IdHash == hash);
                db.RecordEvent(Domain.Audit.AuditAction.Read, nameof(Person), "search:IdNumber", db.Scope.StationId, db.Scope.RegionPrefix, "exact ID number lookup");
                await db.SaveChangesAsync(ct);
            }
            if (q.Type is { } type && type != PersonTypes.None) persons = persons.Where(p => (p.Types & type) == type);
            if (q.Tier is { } tier) persons = persons.Where(p => p.Tier == tier);
            if (!string.IsNullOrWhiteSpace(q.Community))
            {
                var prefix = RegionCode.TryParse(q.Community, out var code, out _) ? code.Prefix : "!"; // matches no region code (a NUL would be refused by PostgreSQL)
                persons = persons.Where(p => p.RegionPrefix.StartsWith(prefix));
            }
            if (q.WorkerId is { } worker) persons = persons.Where(p => p.ResponsibleWorkerId == worker);
            if (q.OverdueOnly) persons = persons.Where(p => p.NextVisitDue < today);
            return persons;
        }
    }
}

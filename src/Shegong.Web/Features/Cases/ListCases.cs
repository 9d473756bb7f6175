using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// The cases the caller may read (the scope filter: a worker's own, the whole station for its manager, the assigned
/// stations for a supervisor), newest first, by stage, "mine" and the person's name (the search). No narrative field
/// is listed; the list is not audited as a read of case files.
/// </summary>
public static class ListCases
{
    public sealed record Query(CaseStage? Stage = null, bool OpenOnly = false, bool MineOnly = false, string? Name = null, int Page = 1, int PageSize = 20);

    public sealed record Item(Guid Id, Guid PersonId, string PersonName, CaseSource Source, RiskLevel Risk, CaseStage Stage, DateOnly OpenedOn,
        DateOnly StageSince, Guid WorkerId, string WorkerName, bool ClosingRequested, int OverdueReferrals);

    public sealed record Result(int Total, int Page, int PageSize, IReadOnlyList<Item> Items);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var size = Math.Clamp(q.PageSize, 1, 100);
            var page = Math.Max(1, q.Page);
            var today = ChinaTime.Today;
            var cases = db.CasesOf().AsNoTracking();
            if (q.Stage is { } stage) cases = cases.Where(c => c.Stage == stage);
            if (q.OpenOnly) cases = cases.Where(c => c.Stage != CaseStage.Closed && c.Stage != CaseStage.NotTaken);
            if (q.MineOnly && db.Scope.UserId is { } me) cases = cases.Where(c => c.WorkerId == me);
            if (q.Name?.Trim() is { Length: > 0 } name)
            {
                var persons = db.PersonEntries().Where(p => p.Name.Contains(name)).Select(p => p.Id);
                cases = cases.Where(c => persons.Contains(c.PersonId));
            }
            // One statement for the page: each row with its person's and worker's names and its overdue referrals
            // (correlated look-ups by key); the total costs a second one only when the page is full or past the end.
            var rows = await cases.OrderByDescending(c => c.OpenedOn).ThenByDescending(c => c.Id).Skip((page - 1) * size).Take(size)
                .Select(c => new
                {
                    c.Id, c.PersonId, c.Source, c.Risk, c.Stage, c.OpenedOn, c.StageSince, c.WorkerId, c.ClosingRequestedOn,
                    PersonName = db.PersonEntries().Where(p => p.Id == c.PersonId).Select(p => p.Name).FirstOrDefault(),
                    WorkerName = db.Users.Where(u => u.Id == c.WorkerId).Select(u => u.DisplayName).FirstOrDefault(),
                    Overdue = db.Set<Referral>().Count(r => r.CaseId == c.Id && (r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.Accepted) && r.DueOn < today),
                })
                .ToListAsync(ct);
            var total = rows.Count is > 0 and var n && n < size ? (page - 1) * size + n : await cases.CountAsync(ct);
            return new Result(total, page, size, rows.Select(r => new Item(r.Id, r.PersonId, r.PersonName ?? "", r.Source, r.Risk,
                r.Stage, r.OpenedOn, r.StageSince, r.WorkerId, r.WorkerName ?? "", r.ClosingRequestedOn is not null && r.Stage == CaseStage.Evaluation,
                r.Overdue)).ToList());
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Audit;

/// <summary>Audit entries of the caller's scope (the query filter limits them), newest first, with filters.</summary>
public static class SearchAudit
{
    public sealed record Query(string? User, AuditAction? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50);
    public sealed record Item(string Chain, long Sequence, DateTime TimestampUtc, string UserName, AuditAction Action, string EntityType, string EntityId, string IpAddress, string Details);
    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var entries = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(q.User)) entries = entries.Where(e => e.UserName == q.User.Trim());
            if (q.Action is { } action) entries = entries.Where(e => e.Action == action);
            if (!string.IsNullOrWhiteSpace(q.EntityType)) entries = entries.Where(e => e.EntityType == q.EntityType.Trim());
            if (!string.IsNullOrWhiteSpace(q.EntityId)) entries = entries.Where(e => e.EntityId == q.EntityId.Trim());
            if (q.From is { } from)
            {
                var fromUtc = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
                entries = entries.Where(e => e.TimestampUtc >= fromUtc);
            }
            if (q.To is { } to)
            {
                var toUtc = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
                entries = entries.Where(e => e.TimestampUtc < toUtc);
            }
            var pageSize = Math.Clamp(q.PageSize, 1, 200);
            var page = Paging.Page(q.Page);
            var total = await entries.CountAsync(ct);
            // Newest first across chains; the entries of one save share a timestamp, so chain and sequence make the order total.
            var items = await entries.OrderByDescending(e => e.TimestampUtc).ThenBy(e => e.Chain).ThenByDescending(e => e.Sequence)
                .Skip((page - 1) * pageSize).Take(pageSize)
                .Select(e => new Item(e.Chain, e.Sequence, e.TimestampUtc, e.UserName, e.Action, e.EntityType, e.EntityId, e.IpAddress, e.Details))
                .ToListAsync(ct);
            return new Result(items, total, page, pageSize);
        }
    }
}

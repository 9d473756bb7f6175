using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Features.Audit.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Audit;

/// <summary>
/// The audit log as people read it: newest first, each entry naming its record; sensitive reads grouped (same user,
/// same record, same day → one row with its count, first and last time) from <see cref="AuditReadDay"/>, every other
/// entry as it is. Paging merges the two newest-first index scans and never counts or loads the whole log: page
/// <c>p</c> reads at most <c>p × size + 1</c> rows of each.
/// </summary>
public static class BrowseAudit
{
    public sealed record Query(string? User, AuditAction? Action, string? EntityType, string? EntityId, DateOnly? From, DateOnly? To, int Page = 1, int PageSize = 50);

    /// <summary>One row: an entry (<see cref="Count"/> 1) or a day's reads of one record by one user.</summary>
    public sealed record Item(DateTime LastUtc, DateTime FirstUtc, int Count, string UserName, AuditAction Action, string EntityType, string EntityId,
        string? RecordName, string Details, string IpAddress, string Chain, long Sequence);

    public sealed record Result(IReadOnlyList<Item> Items, int Page, int PageSize, bool HasMore);

    public const int MaxPage = 400;

    public sealed class Handler(ShegongDbContext db, IEnumerable<IAuditRecordNamer> namers)
    {
        public async Task<Result> HandleAsync(Query q, CancellationToken ct = default)
        {
            var pageSize = Math.Clamp(q.PageSize, 1, 200);
            var page = Math.Min(Paging.Page(q.Page), MaxPage);
            var take = page * pageSize + 1;
            var user = q.User?.Trim();
            var type = q.EntityType?.Trim();
            var id = q.EntityId?.Trim();

            var rows = new List<Item>();
            if (q.Action is not AuditAction.Read)
            {
                var entries = db.AuditEntries.AsNoTracking().Where(e => e.Action != AuditAction.Read);
                if (q.Action is { } action) entries = entries.Where(e => e.Action == action);
                if (!string.IsNullOrEmpty(user)) entries = entries.Where(e => e.UserName == user);
                if (!string.IsNullOrEmpty(type)) entries = entries.Where(e => e.EntityType == type);
                if (!string.IsNullOrEmpty(id)) entries = entries.Where(e => e.EntityId == id);
                if (q.From is { } from) { var f = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue)); entries = entries.Where(e => e.TimestampUtc >= f); }
                if (q.To is { } to) { var t = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue)); entries = entries.Where(e => e.TimestampUtc < t); }
                rows.AddRange(await entries.OrderByDescending(e => e.TimestampUtc).ThenBy(e => e.Chain).ThenByDescending(e => e.Sequence).Take(take)
                    .Select(e => new Item(e.TimestampUtc, e.TimestampUtc, 1, e.UserName, e.Action, e.EntityType, e.EntityId, null, e.Details, e.IpAddress, e.Chain, e.Sequence))
                    .ToListAsync(ct));
            }
            if (q.Action is null or AuditAction.Read)
            {
                var reads = db.AuditReadDays.AsNoTracking();
                if (!string.IsNullOrEmpty(user)) reads = reads.Where(d => d.UserName == user);
                if (!string.IsNullOrEmpty(type)) reads = reads.Where(d => d.EntityType == type);
                if (!string.IsNullOrEmpty(id)) reads = reads.Where(d => d.EntityId == id);
                if (q.From is { } from) reads = reads.Where(d => d.Day >= from);
                if (q.To is { } to) reads = reads.Where(d => d.Day <= to);
                rows.AddRange(await reads.OrderByDescending(d => d.LastUtc).ThenBy(d => d.UserName).ThenBy(d => d.EntityId).Take(take)
                    .Select(d => new Item(d.LastUtc, d.FirstUtc, d.Count, d.UserName, AuditAction.Read, d.EntityType, d.EntityId, null, d.Details, "", "", 0))
                    .ToListAsync(ct));
            }
            var merged = rows.OrderByDescending(r => r.LastUtc).ThenBy(r => r.Chain).ThenByDescending(r => r.Sequence).ThenBy(r => r.UserName).ThenBy(r => r.EntityId).ToList();
            var items = merged.Skip((page - 1) * pageSize).Take(pageSize).ToList();
            return new Result(await NameAsync(items, ct), page, pageSize, merged.Count > page * pageSize);
        }

        /// <summary>The record names of one page, asked of the modules that own them (one query per record type).</summary>
        private async Task<List<Item>> NameAsync(List<Item> items, CancellationToken ct)
        {
            var names = new Dictionary<(string, Guid), string>();
            foreach (var group in items.GroupBy(i => i.EntityType))
            {
                var namer = namers.FirstOrDefault(n => n.EntityTypes.Contains(group.Key));
                var ids = group.Select(i => Guid.TryParse(i.EntityId, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
                if (namer is null || ids.Count == 0) continue;
                foreach (var (key, name) in await namer.NamesAsync(db, group.Key, ids, ct)) names[(group.Key, key)] = name;
            }
            return items.Select(i => Guid.TryParse(i.EntityId, out var g) && names.TryGetValue((i.EntityType, g), out var n) ? i with { RecordName = n } : i).ToList();
        }
    }
}

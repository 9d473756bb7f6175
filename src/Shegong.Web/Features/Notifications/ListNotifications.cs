using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Notifications;

/// <summary>The signed-in user's notifications (newest first), the unread count for the menu, and marking them read.</summary>
public static class ListNotifications
{
    public sealed record Item(Guid Id, string Title, string Body, string Link, bool Read, DateTime CreatedAtUtc);

    public sealed class Handler(ShegongDbContext db, IAuditContext user)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct = default) => user.UserId is not { } me ? [] :
            await db.Notifications.AsNoTracking().Where(n => n.UserId == me).OrderByDescending(n => n.CreatedAtUtc).Take(100)
                .Select(n => new Item(n.Id, n.Title, n.Body, n.Link, n.Read, n.CreatedAtUtc)).ToListAsync(ct);

        public async Task<int> UnreadAsync(CancellationToken ct = default) => user.UserId is not { } me ? 0 :
            await db.Notifications.CountAsync(n => n.UserId == me && !n.Read, ct);

        public async Task MarkAllReadAsync(CancellationToken ct = default)
        {
            if (user.UserId is not { } me) return;
            await db.Notifications.Where(n => n.UserId == me && !n.Read).ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, true), ct);
        }
    }
}

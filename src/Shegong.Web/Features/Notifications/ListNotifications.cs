using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Notifications;

/// <summary>
/// The signed-in user's notifications (newest first), the unread count for the menu, and marking them read.
/// Notifications are user-owned: the scope filter shows a caller only their own, so no handler filters by user.
/// </summary>
public static class ListNotifications
{
    public sealed record Item(Guid Id, string Title, string Body, string Link, bool Read, DateTime CreatedAtUtc);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct = default) =>
            await db.Notifications.AsNoTracking().OrderByDescending(n => n.CreatedAtUtc).Take(100)
                .Select(n => new Item(n.Id, n.Title, n.Body, n.Link, n.Read, n.CreatedAtUtc)).ToListAsync(ct);

        public Task<int> UnreadAsync(CancellationToken ct = default) => db.Notifications.CountAsync(n => !n.Read, ct);

        public Task MarkAllReadAsync(CancellationToken ct = default) =>
            db.Notifications.Where(n => !n.Read).ExecuteUpdateAsync(s => s.SetProperty(n => n.Read, true), ct);
    }
}

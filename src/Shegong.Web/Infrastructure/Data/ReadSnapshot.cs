using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// A verification that reads in several statements (records, then figures; heads, then entries) while the application
/// keeps writing: on PostgreSQL one REPEATABLE READ transaction makes all its reads one snapshot, so a change committed
/// between two of them is not taken for a difference. SQLite (one process) gets none: null.
/// </summary>
public static class ReadSnapshot
{
    public static async Task<IDbContextTransaction?> BeginAsync(ShegongDbContext db, CancellationToken ct = default) =>
        db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct) : null;
}

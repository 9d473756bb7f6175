using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Visits;

/// <summary>
/// Idempotent visit logging (a phone that lost its connection sends the same visit again). The key row is inserted
/// in the visit's own save, so a first submission costs no extra lookup; a second one with the same key hits the
/// primary key (user, key), its whole save is rolled back, and one indexed read answers the first result — or
/// refuses the key when it came with a different visit.
/// </summary>
public static class VisitKeys
{
    /// <summary>The field that names the key in messages (the API's header).</summary>
    public const string Field = "Idempotency-Key";

    internal static void Add(ShegongDbContext db, IAuditContext who, string key, LogVisit.Command c, Visit visit) =>
        db.Set<VisitSubmission>().Add(VisitSubmission.Of(who.UserId ?? Guid.Empty, key, Hash(c), visit, DateTime.UtcNow));

    /// <summary>The save failed on the key's primary key (another submission with this key was saved first).</summary>
    internal static bool IsTaken(DbUpdateException e) => e.InnerException switch
    {
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation && p.TableName == "visit_submissions",
        SqliteException s => s.SqliteErrorCode == 19 && s.Message.Contains("visit_submissions.", StringComparison.Ordinal),
        _ => false,
    };

    internal static async Task<CommandResult> ReplayAsync(ShegongDbContext db, IAuditContext who, string key, LogVisit.Command c, IStringLocalizer l,
        CancellationToken ct)
    {
        var userId = who.UserId ?? Guid.Empty;
        var first = await db.Set<VisitSubmission>().AsNoTracking().Where(s => s.UserId == userId && s.Key == key)
            .Select(s => new { s.RequestHash, s.VisitId }).SingleAsync(ct);
        return first.RequestHash == Hash(c)
            ? CommandResult.Ok(first.VisitId)
            : CommandResult.Invalid(Field, $"{Field}：{l["Visits.KeyReused"]}");
    }

    /// <summary>What was submitted, without the key: the same visit sent again has the same hash.</summary>
    internal static string Hash(LogVisit.Command c) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(c with { IdempotencyKey = null }))));
}

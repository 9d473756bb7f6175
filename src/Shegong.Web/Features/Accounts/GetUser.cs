using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>One account with its phone number: a read of personal data, so it is written to the audit log.</summary>
public static class GetUser
{
    public sealed record Result(Guid Id, string UserName, string DisplayName, string? Role, Guid? StationId, string? RegionCode,
        string Binding, string? Phone, bool Locked, int FailedAttempts, string ConcurrencyStamp);

    public sealed class Handler(ShegongDbContext db)
    {
        public async Task<Result?> HandleAsync(Guid id, CancellationToken ct = default)
        {
            var u = await db.Users.AsNoTracking().Where(x => x.Id == id)
                .Select(x => new
                {
                    x.Id, x.UserName, x.DisplayName, x.StationId, x.RegionPrefix, x.PhoneNumber, x.LockedByAdmin, x.ConcurrencyStamp,
                    FailedAttempts = db.LoginFailures.Where(f => f.UserKey == x.NormalizedUserName).Sum(f => (int?)f.Failures) ?? 0,
                    Role = db.UserRoles.Where(ur => ur.UserId == x.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                    Station = db.Stations.Where(s => s.Id == x.StationId).Select(s => s.Name).FirstOrDefault(),
                    Region = db.Regions.Where(r => r.Id == x.RegionId).Select(r => new { r.Name, r.Code }).FirstOrDefault(),
                })
                .SingleOrDefaultAsync(ct);
            if (u is null) return null;
            db.RecordRead(nameof(AppUser), u.Id.ToString(), u.StationId, u.RegionPrefix, "account details with phone");
            await db.SaveChangesAsync(ct);
            return new Result(u.Id, u.UserName!, u.DisplayName, u.Role, u.StationId, u.Region?.Code, u.Station ?? u.Region?.Name ?? "",
                u.PhoneNumber, u.LockedByAdmin, u.FailedAttempts, u.ConcurrencyStamp ?? "");
        }
    }
}

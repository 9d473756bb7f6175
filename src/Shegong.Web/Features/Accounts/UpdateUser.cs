using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// Changes an account's name, role, binding, phone and lock. The form carries the concurrency stamp it was loaded
/// with; if someone changed the account meanwhile, nothing is saved and the user is told.
/// </summary>
public static class UpdateUser
{
    public sealed record Command(Guid Id, string? DisplayName, string? Role, Guid? StationId, string? RegionCode, string? Phone, bool Locked, string? ConcurrencyStamp);
    public sealed record Result(bool Found, IReadOnlyList<(string Field, string Message)> Errors);

    public sealed class Handler(ShegongDbContext db, UserManager<AppUser> users, Sessions sessions, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(Command c, CancellationToken ct = default)
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == c.Id, ct);
            if (user is null) return new Result(false, []);
            if (user.ConcurrencyStamp != c.ConcurrencyStamp) return new Result(true, [("", l["Error.Concurrency"])]);
            var errors = new List<(string Field, string Message)>();
            var displayName = c.DisplayName?.Trim() ?? "";
            if (displayName.Length == 0) errors.Add(("DisplayName", l["Field.DisplayName"] + "：" + l["Error.Required"]));
            else if (displayName.Length > 30) errors.Add(("DisplayName", l["Field.DisplayName"] + "：" + l["Error.TooLong", 30]));
            var phone = c.Phone?.Trim() ?? "";
            if (phone.Length > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch == '-'))
                errors.Add(("Phone", l["Field.Phone"] + "：" + l["Error.PhoneInvalid"]));
            var binding = await UserBinding.ResolveAsync(db, l, c.Role, c.StationId, c.RegionCode, errors, ct);
            if (errors.Count > 0 || binding is null) return new Result(true, errors);

            var current = await users.GetRolesAsync(user);
            var roleChanged = !current.SequenceEqual([c.Role!]);
            // A new role, binding or lock ends the account's sessions (cookies and tokens) at their next request.
            var endSessions = roleChanged || user.StationId != binding.StationId || user.RegionId != binding.RegionId
                || user.RegionPrefix != binding.RegionPrefix || user.LockedByAdmin != c.Locked;

            db.Entry(user).Property(u => u.ConcurrencyStamp).OriginalValue = c.ConcurrencyStamp;
            user.DisplayName = displayName;
            user.PhoneNumber = phone.Length > 0 ? phone : null;
            user.StationId = binding.StationId;
            user.RegionId = binding.RegionId;
            user.RegionPrefix = binding.RegionPrefix;
            // An administrator's lock, not the failed-attempt lockout (kept per name and address, see PasswordSignIn).
            user.LockedByAdmin = c.Locked;

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded) return new Result(true, [("", l["Error.Concurrency"])]);
            if (endSessions) await sessions.EndAllAsync(user, ct);
            if (roleChanged)
            {
                await users.RemoveFromRolesAsync(user, current);
                await users.AddToRoleAsync(user, c.Role!);
            }
            await tx.CommitAsync(ct);
            return new Result(true, []);
        }
    }
}

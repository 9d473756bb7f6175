using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>An administrator sets a new password for an account in their scope: its sessions end, its failed-attempt lockout is lifted, an administrator's lock is not.</summary>
public static class ResetPassword
{
    public sealed record Command(Guid Id, string? NewPassword);
    public sealed record Result(bool Found, IReadOnlyList<(string Field, string Message)> Errors);

    public sealed class Handler(ShegongDbContext db, UserManager<AppUser> users, Sessions sessions, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(Command c, CancellationToken ct = default)
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == c.Id, ct);
            if (user is null) return new Result(false, []);
            if (string.IsNullOrEmpty(c.NewPassword)) return new Result(true, [("NewPassword", l["Field.NewPassword"] + "：" + l["Error.Required"])]);
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, c.NewPassword);
                if (!check.Succeeded) return new Result(true, check.Errors.Select(e => ("NewPassword", e.Description)).ToList());
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await users.RemovePasswordAsync(user);
            var added = await users.AddPasswordAsync(user, c.NewPassword);
            if (!added.Succeeded) return new Result(true, added.Errors.Select(e => ("NewPassword", e.Description)).ToList());
            // The new password ends every session (a new security stamp) and lifts the failed-attempt lockout of the
            // name from every address; an administrator's lock stays until an administrator lifts it.
            await sessions.RevokeAllRowsAsync(user.Id, ct);
            var key = user.NormalizedUserName ?? "";
            await db.LoginFailures.Where(f => f.UserKey == key).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
            return new Result(true, []);
        }
    }
}

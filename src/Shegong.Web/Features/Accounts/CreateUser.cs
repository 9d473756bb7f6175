using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>An administrator creates an account bound to a station or region inside their own scope.</summary>
public static class CreateUser
{
    public sealed record Command(string? UserName, string? DisplayName, string? Role, Guid? StationId, string? RegionCode, string? Password, string? Phone);
    public sealed record Result(Guid? Id, IReadOnlyList<(string Field, string Message)> Errors);

    public sealed class Handler(ShegongDbContext db, UserManager<AppUser> users, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result> HandleAsync(Command c, CancellationToken ct = default)
        {
            var errors = new List<(string Field, string Message)>();
            var userName = c.UserName?.Trim() ?? "";
            if (userName.Length is < 3 or > 50 || !userName.All(ch => char.IsAsciiLetterOrDigit(ch) || "-._@".Contains(ch)))
                errors.Add(("UserName", l["Field.UserName"] + "：" + l["User.UserNameInvalid"]));
            else if (await users.FindByNameAsync(userName) is not null)
                errors.Add(("UserName", l["Field.UserName"] + "：" + l["User.Duplicate", userName]));
            var displayName = c.DisplayName?.Trim() ?? "";
            if (displayName.Length == 0) errors.Add(("DisplayName", l["Field.DisplayName"] + "：" + l["Error.Required"]));
            else if (displayName.Length > 30) errors.Add(("DisplayName", l["Field.DisplayName"] + "：" + l["Error.TooLong", 30]));
            var phone = c.Phone?.Trim() ?? "";
            if (phone.Length > 20 || !phone.All(ch => char.IsAsciiDigit(ch) || ch == '-'))
                errors.Add(("Phone", l["Field.Phone"] + "：" + l["Error.PhoneInvalid"]));
            if (string.IsNullOrEmpty(c.Password)) errors.Add(("Password", l["Field.Password"] + "：" + l["Error.Required"]));
            var binding = await UserBinding.ResolveAsync(db, l, c.Role, c.StationId, c.RegionCode, errors, ct);
            if (errors.Count > 0 || binding is null) return new Result(null, errors);

            var user = new AppUser
            {
                UserName = userName, DisplayName = displayName, PhoneNumber = phone.Length > 0 ? phone : null,
                StationId = binding.StationId, RegionId = binding.RegionId, RegionPrefix = binding.RegionPrefix,
            };
            // One transaction: the account, its password and its role land together or not at all.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user, c.Password!);
            if (!created.Succeeded)
                return new Result(null, created.Errors.Select(e => (e.Code.StartsWith("Password") ? "Password" : "UserName", e.Description)).ToList());
            var roleAdded = await users.AddToRoleAsync(user, c.Role!);
            if (!roleAdded.Succeeded) return new Result(null, [("Role", roleAdded.Errors.First().Description)]);
            await tx.CommitAsync(ct);
            return new Result(user.Id, []);
        }
    }
}

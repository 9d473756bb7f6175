using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// Checks a user name and password, for the login page and the token endpoint alike. Failed attempts count per user
/// name and client address (<see cref="LoginFailure"/>): <c>Auth:MaxFailedAttempts</c> (5) in a row lock that name
/// from that address for <c>Auth:LockoutMinutes</c> (15), so a stranger cannot lock the owner out from elsewhere.
/// An unknown name is treated exactly like a known one with a wrong password (same counting, same answer, a password
/// hash verified all the same), so no answer tells whether a name exists. An administrator's lock is told only to
/// whoever gives the right password.
/// </summary>
public static class PasswordSignIn
{
    public enum Outcome { Succeeded, Failed, LockedOut, LockedByAdmin, Throttled }

    public sealed record Result(Outcome Outcome, AppUser? User);

    public sealed class Handler(ShegongDbContext db, UserManager<AppUser> users, LoginThrottle throttle, IConfiguration config)
    {
        private static string? _dummyHash;

        public async Task<Result> HandleAsync(string userName, string password, HttpContext http, string channel, CancellationToken ct = default)
        {
            if (!throttle.TryAcquire(http)) return new Result(Outcome.Throttled, null);
            var name = userName.Trim();
            var key = users.NormalizeName(name);
            if (key.Length > 256) key = key[..256];
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var now = DateTime.UtcNow;
            var lockout = TimeSpan.FromMinutes(config.GetValue("Auth:LockoutMinutes", 15.0));
            var failure = await db.LoginFailures.SingleOrDefaultAsync(f => f.UserKey == key && f.Address == address, ct);
            if (failure?.LockedUntilUtc > now) return new Result(Outcome.LockedOut, null);

            var user = await users.FindByNameAsync(name);
            var ok = user is not null ? await users.CheckPasswordAsync(user, password) : VerifyDummy(password);
            if (ok && user is not null)
            {
                if (user.LockedByAdmin)
                {
                    db.RecordEvent(AuditAction.LoginFailed, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, channel + ", locked by an administrator");
                    await db.SaveChangesAsync(ct);
                    return new Result(Outcome.LockedByAdmin, null);
                }
                if (failure is not null) db.LoginFailures.Remove(failure);
                db.RecordEvent(AuditAction.Login, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, channel);
                return new Result(Outcome.Succeeded, user); // saved with the session the caller starts
            }

            if (failure is null) db.LoginFailures.Add(failure = new LoginFailure { UserKey = key, Address = address });
            // A lock that has run out, or failures long ago, start the count again.
            if (failure.LockedUntilUtc is not null || failure.LastFailureUtc < now - lockout) (failure.Failures, failure.LockedUntilUtc) = (0, null);
            failure.Failures++;
            failure.LastFailureUtc = now;
            var locked = failure.Failures >= config.GetValue("Auth:MaxFailedAttempts", 5);
            if (locked) failure.LockedUntilUtc = now + lockout;
            if (user is not null)
                db.RecordEvent(AuditAction.LoginFailed, nameof(AppUser), user.Id.ToString(), user.StationId, user.RegionPrefix, locked ? channel + ", locked out" : channel);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two failures of the same name and address at once: the other one counted; this one is still a failure.
                db.ChangeTracker.Clear();
            }
            return new Result(locked ? Outcome.LockedOut : Outcome.Failed, null);
        }

        /// <summary>Costs what a real password check costs, so the time of an answer does not tell whether the name exists.</summary>
        private bool VerifyDummy(string password)
        {
            var dummy = new AppUser();
            _dummyHash ??= users.PasswordHasher.HashPassword(dummy, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            users.PasswordHasher.VerifyHashedPassword(dummy, _dummyHash, password);
            return false;
        }
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Accounts;

/// <summary>
/// Identity's store of accounts. Accounts are region-owned (the scope filter shows a caller only the accounts of its
/// region, and itself), but Identity must find the account being authenticated while nobody is signed in yet —
/// a sign-in, a token, a cookie's security-stamp check — and must see every user name to keep them unique. So its
/// look-ups by id and by name lift the scope filter; nothing else does. Handlers that find an account for a
/// caller (lists, edits, resets) query <c>db.Users</c>, which keeps it.
/// </summary>
public sealed class ShegongUserStore(ShegongDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole<Guid>, ShegongDbContext, Guid>(context, describer)
{
    private IQueryable<AppUser> AnyAccount => Context.Users.IgnoreQueryFilters(ShegongDbContext.ScopeFilters);

    public override Task<AppUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        return Guid.TryParse(userId, out var id) ? FindUserAsync(id, cancellationToken) : Task.FromResult<AppUser?>(null);
    }

    protected override Task<AppUser?> FindUserAsync(Guid userId, CancellationToken cancellationToken) =>
        AnyAccount.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);

    public override Task<AppUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        return AnyAccount.SingleOrDefaultAsync(u => u.NormalizedUserName == normalizedUserName, cancellationToken);
    }
}

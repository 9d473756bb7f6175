using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Access;
using Shegong.Domain.Common;
using Shegong.Domain.Wishes;
using Shegong.Web.Features.Common;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Wishes.Dispatch;

/// <summary>
/// Staff add a donor to the station's pool, or edit one. A donor may be added in one step from a past claimant
/// (<see cref="Command.FromClaimId"/>: name, type and phone come from the claim unless typed). On edit, a blank phone
/// or e-mail keeps the stored one (forms never show them unmasked); <see cref="Command.ClearEmail"/> removes the e-mail. A user account (a donor or social organization) may be
/// linked by user name so the donor answers offers themselves.
/// </summary>
public static class SaveDonor
{
    public sealed record Command(Guid? Id, int Version, string? Name, ClaimantType? Type, string? Phone, string? Email,
        IReadOnlyList<WishCategory>? Categories, IReadOnlyList<string>? Areas, decimal? Budget, int? Capacity, bool Active = true,
        string? UserName = null, Guid? FromClaimId = null, bool ClearEmail = false);

    private static readonly string[] LinkableRoles = [.. Policies.RolesOf(Policies.DonorAccounts)];

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            if (db.Scope.StationId is not { } stationId) return CommandResult.NotFound;
            var name = c.Name;
            var type = c.Type;
            var phone = c.Phone;
            var email = c.Email;
            if (c.FromClaimId is { } claimId)
            {
                var claim = await db.Claims.AsNoTracking().Where(x => x.Id == claimId)
                    .Select(x => new { x.ClaimantName, x.ClaimantType, x.Phone }).SingleOrDefaultAsync(ct);
                if (claim is null) return CommandResult.NotFound;
                if (string.IsNullOrWhiteSpace(name)) name = claim.ClaimantName;
                type ??= claim.ClaimantType;
                if (string.IsNullOrWhiteSpace(phone)) phone = claim.Phone;
            }
            Guid? userId = null;
            if (!string.IsNullOrWhiteSpace(c.UserName))
            {
                var roleIds = db.Roles.Where(r => LinkableRoles.Contains(r.Name!)).Select(r => r.Id);
                // The account to link is a donor's or an organization's, bound to a region of its own, not to the station:
                // found by its exact user name whatever the scope (only its id is read).
                userId = await db.Users.IgnoreQueryFilters(ShegongDbContext.ScopeFilters).Where(u => u.NormalizedUserName == c.UserName.Trim().ToUpperInvariant()
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId))).Select(u => (Guid?)u.Id).SingleOrDefaultAsync(ct);
                if (userId is null) return CommandResult.Invalid("UserName", $"{l["Field.UserName"]}：{l["Donor.UserNotFound"]}");
            }
            var areas = (await db.StationCommunitiesAsync(ct)).Select(a => a.Code).ToHashSet();
            var station = await db.Stations.AsNoTracking().Where(s => s.Id == stationId).Select(s => new { s.RegionPrefix }).SingleAsync(ct);
            try
            {
                Donor donor;
                if (c.Id is { } id)
                {
                    donor = (await db.Donors.SingleOrDefaultAsync(d => d.Id == id, ct))!;
                    if (donor is null) return CommandResult.NotFound;
                    if (!db.MatchesVersion(donor, c.Version)) return CommandResult.Conflict(l);
                    if (string.IsNullOrWhiteSpace(phone)) phone = donor.Phone;
                    if (c.ClearEmail) email = "";
                    else if (string.IsNullOrWhiteSpace(email)) email = donor.Email;
                    donor.Update(Details(), areas);
                }
                else
                {
                    donor = Donor.Create(stationId, station.RegionPrefix, Details(), areas, ChinaTime.Today);
                    db.Donors.Add(donor);
                }
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(donor.Id, donor);
            }
            catch (DomainException e) { return CommandResult.Invalid(l, e); }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }

            DonorDetails Details() => new(name, type, phone, email, c.Categories, c.Areas, c.Budget, c.Capacity, c.Active, userId);
        }
    }
}

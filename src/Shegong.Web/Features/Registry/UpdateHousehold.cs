using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Registry;
using Shegong.Web.Features.Common;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

/// <summary>Edits a household's addresses, living arrangement, income and assistance; a stale version is refused.</summary>
public static class UpdateHousehold
{
    public sealed record Command(Guid Id, int Version, HouseholdDetails Details);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<CommandResult> HandleAsync(Command c, CancellationToken ct = default)
        {
            var household = await db.Households.SingleOrDefaultAsync(h => h.Id == c.Id, ct);
            if (household is null) return CommandResult.NotFound;
            if (!db.MatchesVersion(household, c.Version)) return CommandResult.Conflict(l);
            var errors = household.Update(c.Details);
            if (errors.Count > 0) return new CommandResult(Outcome.Invalid, RegistryErrors.Describe(l, errors));
            try
            {
                await db.SaveChangesAsync(ct);
                return CommandResult.Ok(household.Id, household);
            }
            catch (DbUpdateConcurrencyException) { return CommandResult.Conflict(l); }
        }
    }
}

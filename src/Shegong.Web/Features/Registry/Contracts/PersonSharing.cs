using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry.Contracts;

/// <summary>A person's fields that another module may pass on to a third party (a referral shares only the chosen ones).</summary>
public sealed record PersonShareable(Guid Id, Guid StationId, string RegionPrefix, string Name, Gender Gender, DateOnly BirthDate,
    string Phone, string Address, string? IdNumber, PersonTypes Types);

public static class PersonSharing
{
    /// <summary>
    /// The person's shareable fields (full ID number and phone included); the read is written to the audit log with
    /// <paramref name="purpose"/> and saved with the caller's next save.
    /// </summary>
    public static async Task<PersonShareable?> ShareableAsync(this ShegongDbContext db, Guid personId, string purpose, CancellationToken ct)
    {
        var p = await (from x in db.Persons.AsNoTracking()
                       join h in db.Households.AsNoTracking() on x.HouseholdId equals h.Id
                       where x.Id == personId
                       select new PersonShareable(x.Id, x.StationId, x.RegionPrefix, x.Name, x.Gender, x.BirthDate, x.Phone, h.Address, x.IdNumber, x.Types))
            .SingleOrDefaultAsync(ct);
        if (p is not null) db.RecordRead(nameof(Person), p.Id.ToString(), p.StationId, p.RegionPrefix, purpose);
        return p;
    }
}

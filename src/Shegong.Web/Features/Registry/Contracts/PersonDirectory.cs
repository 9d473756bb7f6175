using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry.Contracts;

/// <summary>A person on file as other modules may see them: no ID number, phone or health, only what they need.</summary>
public sealed record PersonEntry
{
    public Guid Id { get; init; }
    public Guid HouseholdId { get; init; }
    public Guid StationId { get; init; }
    public string RegionPrefix { get; init; } = "";
    public string Name { get; init; } = "";
    public DateOnly BirthDate { get; init; }
    public PersonStatus Status { get; init; }
    /// <summary>The person's types (人员类型), e.g. for counting cases by them.</summary>
    public PersonTypes Types { get; init; }

    /// <summary>The beneficiary of a wish: its board name (王某) and birth year come from here.</summary>
    public WishBeneficiary AsBeneficiary() => new(Id, StationId, RegionPrefix, Name, BirthDate.Year, Status == PersonStatus.Active);
}

/// <summary>Where a person lives: the code of their household's community (社区/村).</summary>
public sealed record PersonCommunity
{
    public Guid PersonId { get; init; }
    public string CommunityCode { get; init; } = "";
}

/// <summary>
/// Registry owns households and persons (ARCHITECTURE.md, Modules): other modules read them only here. The reads are
/// queryables, so that a caller composes them into its own query (one round trip, the scope filter of the caller's
/// context applies); none of them writes.
/// </summary>
public static class PersonDirectory
{
    public static IQueryable<PersonEntry> PersonEntries(this ShegongDbContext db) =>
        db.Persons.AsNoTracking().Select(p => new PersonEntry
        {
            Id = p.Id, HouseholdId = p.HouseholdId, StationId = p.StationId, RegionPrefix = p.RegionPrefix, Name = p.Name,
            BirthDate = p.BirthDate, Status = p.Status, Types = p.Types,
        });

    public static Task<PersonEntry?> PersonEntryAsync(this ShegongDbContext db, Guid personId, CancellationToken ct) =>
        db.PersonEntries().SingleOrDefaultAsync(p => p.Id == personId, ct);

    /// <summary>Everyone in the person's household, the person included (a household's open wishes are limited).</summary>
    public static IQueryable<Guid> HouseholdMemberIds(this ShegongDbContext db, Guid personId)
    {
        var household = db.Persons.Where(p => p.Id == personId).Select(p => p.HouseholdId);
        return db.Persons.Where(p => household.Contains(p.HouseholdId)).Select(p => p.Id);
    }

    public static IQueryable<PersonCommunity> PersonCommunities(this ShegongDbContext db) =>
        from p in db.Persons
        join h in db.Households on p.HouseholdId equals h.Id
        join r in db.Regions on h.CommunityId equals r.Id
        select new PersonCommunity { PersonId = p.Id, CommunityCode = r.Code };

    /// <summary>The communities (社区/村) under the caller's station, in code order, for pickers.</summary>
    public static Task<List<(string Code, string Name)>> StationCommunitiesAsync(this ShegongDbContext db, CancellationToken ct) =>
        RegistryQueries.StationCommunitiesAsync(db, ct);

    /// <summary>The station's own social workers and managers (who may be responsible for a person, who is told of news).</summary>
    public static Task<List<(Guid Id, string Name)>> StationWorkersAsync(this ShegongDbContext db, Guid stationId, CancellationToken ct) =>
        RegistryQueries.StationWorkersAsync(db, stationId, ct);
}

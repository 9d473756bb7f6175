using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry.Contracts;

/// <summary>
/// Persons by name in pinyin order, in the database (an index serves it; nothing is sorted in memory). PostgreSQL
/// compares the name column under its ICU collation <c>zh-x-icu</c>; SQLite has no Chinese collation, so it orders by
/// the sort key stored with the name (<see cref="NameOrder"/>; the two agree, both being ICU's). Ties go by id, so
/// that pages never overlap.
/// </summary>
public static class PersonOrder
{
    public static IOrderedQueryable<Person> OrderByName(this IQueryable<Person> persons, ShegongDbContext db, bool descending = false) =>
        db.Database.IsNpgsql()
            ? descending ? persons.OrderByDescending(p => p.Name).ThenByDescending(p => p.Id) : persons.OrderBy(p => p.Name).ThenBy(p => p.Id)
            : descending ? persons.OrderByDescending(p => p.NameSortKey).ThenByDescending(p => p.Id) : persons.OrderBy(p => p.NameSortKey).ThenBy(p => p.Id);

    /// <summary>Then by name (pinyin) and id, after an order by something else.</summary>
    public static IOrderedQueryable<Person> ThenByName(this IOrderedQueryable<Person> persons, ShegongDbContext db, bool descending = false) =>
        db.Database.IsNpgsql()
            ? descending ? persons.ThenByDescending(p => p.Name).ThenByDescending(p => p.Id) : persons.ThenBy(p => p.Name).ThenBy(p => p.Id)
            : descending ? persons.ThenByDescending(p => p.NameSortKey).ThenByDescending(p => p.Id) : persons.ThenBy(p => p.NameSortKey).ThenBy(p => p.Id);
}

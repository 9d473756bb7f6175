using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Audit.Contracts;

/// <summary>
/// How the audit log names a record: each module names its own records (a person by a masked name, a wish by its
/// need, a station by its name) for the ids of one page of the log, through the caller's scope. Registered by the
/// owning module (<c>services.AddSingleton&lt;IAuditRecordNamer, ...&gt;()</c>).
/// </summary>
public interface IAuditRecordNamer
{
    /// <summary>The entity type names (as logged: <c>nameof(Person)</c>) this namer knows.</summary>
    IReadOnlyCollection<string> EntityTypes { get; }

    /// <summary>Display names of the given records of one type; records not found (deleted, out of scope) are left out.</summary>
    Task<IReadOnlyDictionary<Guid, string>> NamesAsync(ShegongDbContext db, string entityType, IReadOnlyCollection<Guid> ids, CancellationToken ct);
}

public static class AuditNames
{
    /// <summary>王** — the family name and a star per other character, as the log shows a person.</summary>
    public static string MaskPersonName(string name) =>
        name.Length <= 1 ? name : name[..1] + new string('*', Math.Min(name.Length - 1, 3));

    public static string Shorten(string text, int max = 24) => text.Length <= max ? text : text[..max] + "…";
}

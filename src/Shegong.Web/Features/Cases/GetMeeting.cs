using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Cases;
using Shegong.Web.Features.Registry.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Cases;

/// <summary>
/// One linkage meeting: parties, minutes, the discussed cases and decisions the caller reads. Only the workers of a
/// case discussed, the station manager and the station's assigned supervisors find it (the scope filter); anyone
/// else gets nothing (404). A reader of the minutes who does not work on one of the cases sees that case neither in
/// the list nor in the decisions (each decision is restricted like its case). Every read is in the audit log.
/// </summary>
public static class GetMeeting
{
    public sealed record CaseItem(Guid Id, string PersonName, CaseStage Stage);
    public sealed record DecisionItem(Guid TaskId, string Text, Guid AssigneeId, string OwnerName, string OwnerUnit, DateOnly DueOn, Guid CaseId,
        string PersonName, bool Open, DateOnly? ClosedOn, int Version);
    public sealed record Result(Guid Id, DateOnly HeldOn, IReadOnlyList<MeetingParty> Parties, string Minutes, IReadOnlyList<CaseItem> Cases,
        int OtherCases, IReadOnlyList<DecisionItem> Decisions, string RecordedByName, DateTime RecordedAtUtc);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l)
    {
        public async Task<Result?> HandleAsync(Guid id, string purpose = "meeting minutes", CancellationToken ct = default)
        {
            var m = await db.Set<LinkageMeeting>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
            if (m is null) return null;
            var cases = await db.CasesOf().AsNoTracking().Where(c => m.CaseIds.Contains(c.Id))
                .Select(c => new { c.Id, c.PersonId, c.Stage }).ToListAsync(ct);
            var decisions = await db.Set<CaseTask>().AsNoTracking().Where(t => t.SourceId == m.Id && t.Kind == TaskKind.Decision)
                .OrderBy(t => t.DueOn).ThenBy(t => t.Id).ToListAsync(ct);
            var persons = cases.Select(c => c.PersonId).Concat(decisions.Select(d => d.PersonId)).Distinct().ToList();
            var names = await db.PersonEntries().Where(p => persons.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
            var users = decisions.Select(d => d.AssigneeId).Append(m.RecordedBy).Distinct().ToList();
            var userNames = await db.Users.AsNoTracking().Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

            db.RecordRead(nameof(LinkageMeeting), m.Id.ToString(), m.StationId, m.RegionPrefix, $"{purpose}: {cases.Count} of {m.CaseIds.Count} cases, {decisions.Count} decisions");
            await db.SaveChangesAsync(ct);

            return new Result(m.Id, m.HeldOn, m.Parties.List, m.Minutes,
                cases.OrderBy(c => m.CaseIds.IndexOf(c.Id)).Select(c => new CaseItem(c.Id, names.GetValueOrDefault(c.PersonId, ""), c.Stage)).ToList(),
                m.CaseIds.Count - cases.Count,
                decisions.Select(d => new DecisionItem(d.Id, d.Title, d.AssigneeId, d.OwnerUnit.Length > 0 ? "" : userNames.GetValueOrDefault(d.AssigneeId, ""), d.OwnerUnit,
                    d.DueOn, d.CaseId, names.GetValueOrDefault(d.PersonId, ""), d.IsOpen, d.ClosedOn, d.Version)).ToList(),
                userNames.GetValueOrDefault(m.RecordedBy, ""), m.RecordedAtUtc);
        }

        /// <summary>The meeting as CSV (UTF-8 with BOM) for its readers: parties, decisions and minutes; audited as a read.</summary>
        public async Task<byte[]?> ExportAsync(Guid id, CancellationToken ct = default)
        {
            if (await HandleAsync(id, "meeting export", ct) is not { } r) return null;
            var sb = new StringBuilder();
            string Cell(string v) => v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
            void Line(params string[] cells) => sb.Append(string.Join(",", cells.Select(Cell))).Append("\r\n");
            Line(l["Field.HeldOn"], r.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var p in r.Parties) Line(l["Meetings.Party"], p.Unit, p.Person, p.Role);
            foreach (var c in r.Cases) Line(l["Meetings.CaseDiscussed"], c.PersonName, l["CaseStage." + c.Stage]);
            foreach (var d in r.Decisions)
                Line(l["Field.DecisionText"], d.Text, d.OwnerUnit.Length > 0 ? d.OwnerUnit : d.OwnerName, d.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.PersonName);
            Line(l["Field.MeetingMinutes"], r.Minutes);
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
        }
    }
}

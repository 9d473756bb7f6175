using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Audit;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Writes a filtered ledger (the same filter as <see cref="ListPersons"/>, so the file holds exactly what the list
/// shows, all pages) in the template's layout, so that a file can be edited and read back. ID numbers, phones and
/// disability card numbers are masked unless the caller asks for full values and may see them (station managers
/// only); every export is audited, a full one saying so. Rows are streamed from the database into the workbook.
/// </summary>
public static class ExportPersons
{
    /// <param name="Csv">CSV instead of .xlsx, in <paramref name="CsvEncoding"/> ("gb18030"; else UTF-8 with a BOM).</param>
    public sealed record Query(ListPersons.Query Filter, bool Full = false, bool Csv = false, string? CsvEncoding = null);

    public enum Outcome { Ok, Forbidden }

    public sealed record Result(Outcome Outcome, int Rows);

    public sealed class Handler(ShegongDbContext db, LookupHasher hasher, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> l)
    {
        /// <summary>The file name: a masked export says in it, as in its first row, that it cannot be imported again.</summary>
        public static string FileName(bool full, string extension, Microsoft.Extensions.Localization.IStringLocalizer l) =>
            full ? $"人员台账-{ChinaTime.Today:yyyyMMdd}.{extension}" : $"{l["Export.MaskedFileName"]}-{ChinaTime.Today:yyyyMMdd}.{extension}";

        public async Task<Result> HandleAsync(Query q, bool callerMaySeeFull, Stream output, CancellationToken ct = default)
        {
            if (q.Full && !callerMaySeeFull) return new Result(Outcome.Forbidden, 0);
            var filtered = await ListPersons.Handler.FilterAsync(db, hasher, q.Filter, ChinaTime.Today, ct);
            // Whole households: a filtered list (by tier, type, name) would otherwise split them, and the file could not
            // be imported again ("这一户没有户主"). The active members of every household listed come along.
            var listed = filtered.Select(p => p.HouseholdId);
            var persons = db.Persons.Where(p => listed.Contains(p.HouseholdId) && p.Status == PersonStatus.Active).Union(filtered);
            var count = await persons.CountAsync(ct);
            var stationId = db.Scope.StationId;
            var workers = await db.Users.AsNoTracking().Where(u => u.StationId == stationId && stationId != null)
                .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

            // The list's order; households are numbered as they first appear, so that members share a 户编号.
            var rows = persons
                .Join(db.Households, p => p.HouseholdId, h => h.Id, (p, h) => new
                {
                    p.Id, p.RegionPrefix, p.HouseholdId, p.Relation, p.Name, p.Gender, p.Ethnicity, p.BirthDate, p.IdNumber, p.Phone,
                    p.EmergencyContactName, p.EmergencyContactPhone, p.Types, p.Tier, p.LegalBasis, h.Address, h.ActualAddress,
                    h.ResidenceStatus, h.LivingArrangement, h.EconomicSources, p.Health, p.SevereMentalDisorder, p.ResponsibleWorkerId,
                })
                .OrderBy(p => p.RegionPrefix).ThenBy(p => p.Name).ThenBy(p => p.Id)
                .AsAsyncEnumerable();

            string banner = l["Export.MaskedBanner"];
            var numbers = new Dictionary<Guid, int>();
            string Id(string? v) => q.Full ? v ?? "" : ResidentId.Mask(v);
            string Phone(string v) => q.Full ? v : PhoneNumber.Mask(v);
            string Card(string? v) => (q.Full ? v : DisabilityCardNumber.Mask(v)) ?? "";

            async IAsyncEnumerable<Dictionary<string, object?>> Lines()
            {
                await foreach (var p in rows.WithCancellation(ct))
                {
                    if (!numbers.TryGetValue(p.HouseholdId, out var number)) numbers[p.HouseholdId] = number = numbers.Count + 1;
                    var line = PersonSheet.NewRow();
                    void Set(Col c, object? value) => line[PersonSheet.Of(c).Header] = value;
                    Set(Col.CommunityCode, p.RegionPrefix);
                    Set(Col.HouseholdNo, number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    Set(Col.Relation, PersonSheet.Relations.NameOf(p.Relation));
                    Set(Col.Name, p.Name);
                    Set(Col.Gender, PersonSheet.Genders.NameOf(p.Gender));
                    Set(Col.Ethnicity, p.Ethnicity);
                    Set(Col.BirthDate, p.BirthDate.ToDateTime(TimeOnly.MinValue));
                    Set(Col.IdNumber, Id(p.IdNumber));
                    Set(Col.Phone, Phone(p.Phone));
                    Set(Col.EmergencyContactName, p.EmergencyContactName);
                    Set(Col.EmergencyContactPhone, Phone(p.EmergencyContactPhone));
                    Set(Col.Types, PersonSheet.FormatTypes(p.Types));
                    Set(Col.Tier, PersonSheet.Tiers.NameOf(p.Tier));
                    Set(Col.LegalBasis, PersonSheet.LegalBases.NameOf(p.LegalBasis));
                    Set(Col.Address, p.Address);
                    Set(Col.ActualAddress, p.ActualAddress);
                    Set(Col.ResidenceStatus, PersonSheet.ResidenceStatuses.NameOf(p.ResidenceStatus));
                    Set(Col.LivingArrangement, PersonSheet.LivingArrangements.NameOf(p.LivingArrangement));
                    Set(Col.EconomicSources, p.EconomicSources);
                    Set(Col.ChronicDiseases, p.Health.ChronicDiseases);
                    Set(Col.SelfCare, p.Health.SelfCare is { } s ? PersonSheet.SelfCareAbilities.NameOf(s) : "");
                    Set(Col.DisabilityCardNumber, Card(p.Health.DisabilityCardNumber));
                    Set(Col.SevereMentalDisorder, PersonSheet.YesNo.NameOf(p.SevereMentalDisorder));
                    Set(Col.ResponsibleWorker, p.ResponsibleWorkerId is { } w && workers.TryGetValue(w, out var name) ? name : "");
                    yield return line;
                }
            }

            if (q.Csv)
            {
                System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
                var encoding = q.CsvEncoding == "gb18030" ? System.Text.Encoding.GetEncoding("GB18030") : new System.Text.UTF8Encoding(true);
                await PersonSheet.WriteCsvAsync(output, Lines(), encoding, ct, q.Full ? null : banner);
            }
            else await PersonSheet.WriteAsync(output, Lines(), q.Full ? null : banner, ct);

            db.RecordEvent(AuditAction.Read, nameof(Person), "export", stationId, db.Scope.RegionPrefix,
                q.Full ? $"export full IdNumber,Phone,EmergencyContactPhone,DisabilityCardNumber; rows={count}" : $"export masked; rows={count}");
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Ok, count);
        }
    }
}

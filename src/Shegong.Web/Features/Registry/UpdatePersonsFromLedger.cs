using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Audit;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Features.Visits.Contracts;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Excel;
using Shegong.Web.Infrastructure.Privacy;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// A ledger whose people are already on file, imported as an update by ID number. The preview checks the file as an
/// import does (every row needs an ID number active at this station), matches each row's person by the number's
/// keyed hash and each household by its head's number, and lists per person and household what would change (field,
/// old, new; phones and card numbers masked unless the caller may see them, the read audited), the warnings (a
/// relation that differs is not changed) and the station's people absent from the file ("不在本次文件中", never
/// deleted). Nothing is stored by the preview.
/// <para>
/// The apply reads the file again and refuses everything when any person or household matched has a version other
/// than the one the preview saw (a colleague's edit since), naming its row; otherwise every change is made through the
/// domain (<see cref="Person.Update"/>, <see cref="Person.MoveToCommunity"/>, <see cref="Household.Update"/>) in one
/// transaction, so the ledger history, figures and audit log follow as for an edit in the form.
/// </para>
/// </summary>
public static class UpdatePersonsFromLedger
{
    public sealed record Change(string Field, string Old, string New);

    public sealed record PersonChange(int Row, Guid PersonId, string Name, string Id, IReadOnlyList<Change> Changes);

    public sealed record HouseholdChange(int Row, Guid HouseholdId, string HeadName, IReadOnlyList<Change> Changes);

    public sealed record AbsentPerson(string Name, string Id, string HeadName);

    /// <summary>Changes listed on the page and kept for the confirmation; beyond it they are counted.</summary>
    public const int MaxListed = 1000;

    /// <summary>
    /// What an update would do. <see cref="Versions"/> holds the version of every person and household matched
    /// (changed or not), so that the apply can tell whether anything was edited since.
    /// </summary>
    public sealed record Preview(ImportPersons.Report Report, IReadOnlyList<PersonChange> Persons, int PersonsChanged,
        IReadOnlyList<HouseholdChange> Households, int HouseholdsChanged, int Unchanged,
        IReadOnlyList<AbsentPerson> Absent, int AbsentCount, bool Revealed, Dictionary<Guid, int> Versions)
    {
        public bool CanApply => Report.FileError is null && Report.ErrorCount == 0 && PersonsChanged + HouseholdsChanged > 0;
        public static Preview Failed(ImportPersons.Report report) => new(report, [], 0, [], 0, 0, [], 0, false, []);
    }

    /// <param name="Stale">Refused because something matched was edited after the preview.</param>
    public sealed record Outcome(bool Applied, int Persons, int Households, string? Refusal, Preview? Preview, long ElapsedMs, bool Stale = false);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher, ImportPersons.Handler import)
    {
        public async Task<Preview> PreviewAsync(Stream stream, LedgerReadOptions options, bool callerMaySeeFull, CancellationToken ct = default, Action<string, int>? progress = null)
        {
            var clock = Stopwatch.StartNew();
            var work = await BuildAsync(stream, options, callerMaySeeFull, ct, progress);
            if (work.Preview.CanApply || work.Preview.Report.FileError is null)
            {
                db.RecordRead(nameof(Person), "ledger-update", db.Scope.StationId, db.Scope.RegionPrefix,
                    $"update preview persons={work.Preview.PersonsChanged},households={work.Preview.HouseholdsChanged}; {(callerMaySeeFull ? "full Phone,EmergencyContactPhone,DisabilityCardNumber" : "masked")}");
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
            return work.Preview with { Report = work.Preview.Report with { ElapsedMs = clock.ElapsedMilliseconds } };
        }

        /// <summary>Applies the file's changes when nothing matched has changed since <paramref name="seen"/>; else nothing.</summary>
        public async Task<Outcome> ApplyAsync(Stream stream, LedgerReadOptions options, Preview seen, CancellationToken ct = default, Action<string, int>? progress = null)
        {
            var clock = Stopwatch.StartNew();
            var work = await BuildAsync(stream, options, seen.Revealed, ct, progress);
            var preview = work.Preview;
            Outcome Refused(string message, bool stale = false) { db.ChangeTracker.Clear(); return new(false, 0, 0, message, preview, clock.ElapsedMilliseconds, stale); }
            if (preview.Report.FileError is { } fileError) return Refused(fileError);
            if (!preview.CanApply) return Refused(preview.Report.ErrorCount > 0 ? l["Import.HasErrorsUpdate", preview.Report.ErrorCount] : l["Import.UpdateNothing"]);
            // A colleague's edit since the preview: the first such row is named and nothing is applied.
            foreach (var (id, (row, name, version)) in work.Matched.OrderBy(m => m.Value.Row))
                if (!seen.Versions.TryGetValue(id, out var before) || before != version)
                    return Refused(l["Import.UpdateStale", row, name], stale: true);
            foreach (var item in work.Items) if (!db.MatchesVersion(item.Person, seen.Versions[item.Person.Id])) return Refused(l["Import.UpdateStale", item.Row, item.Person.Name], stale: true);
            foreach (var (household, _) in work.HouseholdEdits) db.MatchesVersion(household, seen.Versions[household.Id]);

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var rules = new Dictionary<string, VisitRuleSet>();
                async Task<VisitRuleSet> RulesAsync(string prefix) =>
                    rules.TryGetValue(prefix, out var set) ? set : rules[prefix] = await db.RulesForAsync(prefix, ct);
                var today = ChinaTime.Today;
                foreach (var (household, details) in work.HouseholdEdits)
                    if (household.Update(details) is { Count: > 0 } errors)
                        throw new InvalidOperationException($"Household {household.Id} passed the check but not the update: {errors[0].Code}");
                foreach (var (household, community) in work.Moves)
                {
                    household.MoveToCommunity(community.Prefix, community.Id);
                    foreach (var member in work.MembersOf[household.Id]) member.MoveToCommunity(community.Prefix, community.Id, today);
                }
                var done = 0;
                foreach (var item in work.Items)
                {
                    if (item.Details is not null)
                        item.Person.Update(item.Details, item.Person.IdHash, item.WorkerId, await RulesAsync(item.Person.RegionPrefix), today);
                    if (++done % ImportPersons.BatchSize == 0) progress?.Invoke("import", done);
                }
                db.RecordEvent(AuditAction.Update, nameof(Person), "ledger-update", db.Scope.StationId, db.Scope.RegionPrefix,
                    $"update by ID number persons={preview.PersonsChanged},households={preview.HouseholdsChanged},rows={preview.Report.TotalRows}");
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.PendingAudits.Clear();
                return Refused(l["Import.UpdateStaleAny"], stale: true);
            }
            db.ChangeTracker.Clear();
            return new Outcome(true, preview.PersonsChanged, preview.HouseholdsChanged, null, preview, clock.ElapsedMilliseconds);
        }

        private sealed record Item(int Row, Person Person, ValidPersonDetails? Details, Guid? WorkerId);

        private sealed class Work
        {
            public Preview Preview { get; set; } = default!;
            public List<Item> Items { get; } = [];
            public Dictionary<Guid, (int Row, string Name, int Version)> Matched { get; } = [];
            public List<(Household Household, HouseholdDetails Details)> HouseholdEdits { get; } = [];
            public List<(Household Household, StationCommunity Community)> Moves { get; } = [];
            public Dictionary<Guid, List<Person>> MembersOf { get; } = [];
        }

        private async Task<Work> BuildAsync(Stream stream, LedgerReadOptions options, bool reveal, CancellationToken ct, Action<string, int>? progress)
        {
            var work = new Work();
            if (db.Scope.StationId is not { } stationId)
            {
                work.Preview = Preview.Failed(ImportPersons.Report.Failed(l["Import.StationOnly"]));
                return work;
            }
            var rows = new List<ParsedRow>();
            var plan = await import.CheckAsync(stream, options, ct, progress, forUpdate: true, keep: rows);
            var report = plan.ToReport(0);
            if (report.FileError is not null || report.ErrorCount > 0)
            {
                work.Preview = Preview.Failed(report);
                return work;
            }

            // The rows' checked values (kept by the check: the file is read once), and the people they name (tracked: the apply changes them).
            var hash = await hasher.HashFunctionAsync(ct);
            var byHash = new Dictionary<string, Person>();
            foreach (var chunk in rows.Select(r => hash(r.Person!.Id!.Value.Value)).Chunk(ImportPersons.BatchSize))
                foreach (var p in await db.Persons.Where(p => chunk.Contains(p.IdHash!) && p.Status == PersonStatus.Active && p.StationId == stationId).ToListAsync(ct))
                    byHash[p.IdHash!] = p;
            var householdIds = byHash.Values.Select(p => p.HouseholdId).Distinct().ToList();
            var households = new Dictionary<Guid, Household>();
            foreach (var chunk in householdIds.Chunk(ImportPersons.BatchSize))
                foreach (var h in await db.Households.Where(h => chunk.Contains(h.Id)).ToListAsync(ct)) households[h.Id] = h;
            var workers = (await db.StationWorkersAsync(stationId, ct)).ToDictionary(w => w.Id, w => w.Name);
            var communityNames = await db.Regions.AsNoTracking().Where(r => r.Prefix.StartsWith(db.Scope.RegionPrefix) && r.Level == Shegong.Domain.Regions.RegionLevel.Community)
                .ToDictionaryAsync(r => r.Id, r => r.Name, ct);

            var heads = new Dictionary<Guid, string>();
            foreach (var p in byHash.Values.Where(p => p.Relation == HouseholdRelation.Head)) heads[p.HouseholdId] = p.Name;
            var errors = new List<ImportPersons.RowError>();
            var warnings = new List<ImportPersons.RowError>(report.Warnings);
            void Problem(List<ImportPersons.RowError> list, int row, Col c, string message) =>
                list.Add(new ImportPersons.RowError(row, PersonSheet.Of(c).Header, $"{l[PersonSheet.Of(c).Label]}：{message}"));
            string Mask(Col c, string? v) => reveal || string.IsNullOrEmpty(v) ? v ?? "" : c == Col.DisabilityCardNumber ? DisabilityCardNumber.Mask(v) ?? "" : PhoneNumber.Mask(v);

            var personChanges = new List<PersonChange>();
            var householdChanges = new List<HouseholdChange>();
            int personsChanged = 0, householdsChanged = 0, unchanged = 0;
            var matchedPersons = new HashSet<Guid>();
            var headOf = new Dictionary<string, Household>(); // file household key → the household of its head
            foreach (var r in rows.Where(r => plan.Households[r.HouseholdKey].HeadRow == r.Row))
                headOf[r.HouseholdKey] = households[byHash[hash(r.Person!.Id!.Value.Value)].HouseholdId];

            foreach (var r in rows)
            {
                var person = byHash[hash(r.Person!.Id!.Value.Value)];
                matchedPersons.Add(person.Id);
                work.Matched[person.Id] = (r.Row, person.Name, person.Version);
                var plannedHousehold = plan.Households[r.HouseholdKey];
                var household = headOf[r.HouseholdKey];
                if (person.HouseholdId != household.Id)
                {
                    Problem(errors, r.Row, Col.HouseholdNo, l["Import.UpdateOtherHousehold", plannedHousehold.HeadRow]);
                    continue;
                }
                var relation = r.Row == plannedHousehold.HeadRow ? HouseholdRelation.Head : r.Relation!.Value;
                if (relation != person.Relation)
                    Problem(warnings, r.Row, Col.Relation, l["Import.UpdateRelationKept", PersonSheet.Relations.NameOf(person.Relation)]);

                // The sheet's columns replace the person's; what the sheet has no column for (consent note, the
                // elderly and children's sections, the rest of health) is kept.
                var v = r.Person;
                var merged = v with
                {
                    ConsentNote = person.ConsentNote, Elderly = person.Elderly, Child = person.Child,
                    Health = person.Health with { ChronicDiseases = v.Health.ChronicDiseases, SelfCare = v.Health.SelfCare, DisabilityCardNumber = v.Health.DisabilityCardNumber },
                };
                var changes = new List<Change>();
                void Diff(Col c, string old, string now, bool sensitive = false)
                {
                    if (old != now) changes.Add(new Change(PersonSheet.Of(c).Header, sensitive ? Mask(c, old) : old, sensitive ? Mask(c, now) : now));
                }
                Diff(Col.Name, person.Name, merged.Name);
                Diff(Col.Gender, PersonSheet.Genders.NameOf(person.Gender), PersonSheet.Genders.NameOf(merged.Gender));
                Diff(Col.Ethnicity, person.Ethnicity, merged.Ethnicity);
                Diff(Col.BirthDate, Date(person.BirthDate), Date(merged.BirthDate));
                Diff(Col.Phone, person.Phone, merged.Phone, sensitive: true);
                Diff(Col.EmergencyContactName, person.EmergencyContactName, merged.EmergencyContactName);
                Diff(Col.EmergencyContactPhone, person.EmergencyContactPhone, merged.EmergencyContactPhone, sensitive: true);
                Diff(Col.Types, PersonSheet.FormatTypes(person.Types), PersonSheet.FormatTypes(merged.Types));
                Diff(Col.Tier, PersonSheet.Tiers.NameOf(person.Tier), PersonSheet.Tiers.NameOf(merged.Tier));
                Diff(Col.LegalBasis, PersonSheet.LegalBases.NameOf(person.LegalBasis), PersonSheet.LegalBases.NameOf(merged.LegalBasis));
                Diff(Col.ChronicDiseases, person.Health.ChronicDiseases, merged.Health.ChronicDiseases);
                Diff(Col.SelfCare, SelfCare(person.Health.SelfCare), SelfCare(merged.Health.SelfCare));
                Diff(Col.DisabilityCardNumber, person.Health.DisabilityCardNumber ?? "", merged.Health.DisabilityCardNumber ?? "", sensitive: true);
                Diff(Col.SevereMentalDisorder, PersonSheet.YesNo.NameOf(person.SevereMentalDisorder), PersonSheet.YesNo.NameOf(merged.SevereMentalDisorder));
                Diff(Col.ResponsibleWorker, Worker(person.ResponsibleWorkerId), Worker(r.WorkerId));
                // A change of community is the household's (listed there; all its members move with it).
                work.Items.Add(new Item(r.Row, person, changes.Count > 0 ? merged : null, r.WorkerId));
                if (changes.Count > 0)
                {
                    if (++personsChanged <= MaxListed) personChanges.Add(new PersonChange(r.Row, person.Id, person.Name, reveal ? person.IdNumber ?? "" : ResidentId.Mask(person.IdNumber), changes));
                }
                else unchanged++;
            }

            // Households: facts from the file, a move to another community of the station with all its members.
            foreach (var (key, household) in headOf)
            {
                var planned = plan.Households[key];
                work.Matched[household.Id] = (planned.HeadRow, household.Address, household.Version);
                var changes = new List<Change>();
                void Diff(Col c, string old, string now) { if (old != now) changes.Add(new Change(PersonSheet.Of(c).Header, old, now)); }
                // The file's facts as the domain reads them (a blank actual address is the registered one, a blank
                // status the default), so that the diff shows exactly what the update would store.
                var f = planned.Fields!;
                var details = new HouseholdDetails(f.Address, f.ActualAddress, f.Status, f.Living, f.Economic, household.Assistance);
                var would = Household.Create(stationId, household.RegionPrefix, household.CommunityId, details).Household!;
                Diff(Col.Address, household.Address, would.Address);
                Diff(Col.ActualAddress, household.ActualAddress, would.ActualAddress);
                Diff(Col.ResidenceStatus, PersonSheet.ResidenceStatuses.NameOf(household.ResidenceStatus), PersonSheet.ResidenceStatuses.NameOf(would.ResidenceStatus));
                Diff(Col.LivingArrangement, PersonSheet.LivingArrangements.NameOf(household.LivingArrangement), PersonSheet.LivingArrangements.NameOf(would.LivingArrangement));
                Diff(Col.EconomicSources, household.EconomicSources, would.EconomicSources);
                if (changes.Count > 0) work.HouseholdEdits.Add((household, details));
                if (planned.Community is { } community && community.Id != household.CommunityId)
                {
                    work.Moves.Add((household, community));
                    work.MembersOf[household.Id] = await db.Persons.Where(p => p.HouseholdId == household.Id).ToListAsync(ct);
                    changes.Add(new Change(PersonSheet.Of(Col.CommunityCode).Header, communityNames.GetValueOrDefault(household.CommunityId, household.RegionPrefix), community.Name));
                }
                if (changes.Count > 0 && ++householdsChanged <= MaxListed)
                    householdChanges.Add(new HouseholdChange(planned.HeadRow, household.Id, HeadName(household.Id), changes));
            }

            // The station's people absent from the file: listed (members of the households in the file first), never deleted.
            var inFileHouseholds = headOf.Values.Select(h => h.Id).ToHashSet();
            var absentCount = await db.Persons.CountAsync(p => p.Status == PersonStatus.Active, ct) - matchedPersons.Count;
            var absent = new List<AbsentPerson>();
            foreach (var chunk in inFileHouseholds.Chunk(ImportPersons.BatchSize))
                foreach (var p in await db.Persons.AsNoTracking().Where(p => chunk.Contains(p.HouseholdId) && p.Status == PersonStatus.Active)
                             .Select(p => new { p.Id, p.Name, p.IdNumber, p.HouseholdId }).ToListAsync(ct))
                    if (!matchedPersons.Contains(p.Id) && absent.Count < MaxListed)
                        absent.Add(new AbsentPerson(p.Name, reveal ? p.IdNumber ?? "" : ResidentId.Mask(p.IdNumber), HeadName(p.HouseholdId)));
            if (absent.Count < Math.Min(absentCount, MaxListed))
                foreach (var p in await db.Persons.AsNoTracking().Where(p => p.Status == PersonStatus.Active && !inFileHouseholds.Contains(p.HouseholdId))
                             .OrderBy(p => p.RegionPrefix).ThenBy(p => p.Name).Take(MaxListed - absent.Count)
                             .Select(p => new { p.Name, p.IdNumber }).ToListAsync(ct))
                    absent.Add(new AbsentPerson(p.Name, reveal ? p.IdNumber ?? "" : ResidentId.Mask(p.IdNumber), ""));

            var final = report with
            {
                Errors = errors.OrderBy(e => e.Row).ToList(), ErrorCount = errors.Count,
                ValidRows = report.TotalRows - errors.Select(e => e.Row).Distinct().Count(),
                Warnings = warnings.OrderBy(w => w.Row).ToList(),
            };
            work.Preview = new Preview(final, personChanges, personsChanged, householdChanges, householdsChanged, unchanged, absent, absentCount, reveal,
                work.Matched.ToDictionary(m => m.Key, m => m.Value.Version));
            return work;

            string Worker(Guid? id) => id is { } w ? workers.GetValueOrDefault(w, "") : "";
            string HeadName(Guid householdId) => heads.GetValueOrDefault(householdId, "");
        }

        private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        private static string SelfCare(SelfCareAbility? s) => s is { } v ? PersonSheet.SelfCareAbilities.NameOf(v) : "";
    }
}

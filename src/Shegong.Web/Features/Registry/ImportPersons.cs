using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Audit;
using Shegong.Domain.Regions;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Excel;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Statistics;
using Col = Shegong.Web.Features.Registry.PersonSheet.Col;
using Shegong.Web.Features.Visits.Contracts;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Imports a ledger file (<see cref="PersonSheet"/>) into the caller's station in two phases. The check reads
/// every row and reports every problem with its row and column: the domain's rules, communities of the station,
/// workers of the station, household consistency, ID numbers twice in the file or already on file (looked up by
/// keyed hash, a few thousand per query). The import checks again and then inserts either every row (refused if
/// any row is wrong) or only the rows without problems, in batches inside one transaction: a failure stores nothing.
/// <para>
/// Only valid rows: a household is imported whole or not at all. When one of its rows is wrong, its other rows
/// are held back too (listed in <see cref="Report.HeldBackRows"/>), so no household arrives without its head or
/// with half its members; the corrected file can then bring the whole household.
/// </para>
/// Rows are streamed twice rather than held in memory; between the phases only compact facts are kept (row
/// numbers, ID hashes, one small record per household), so 100,000 rows stay well within memory. Problems beyond
/// the page's list go to the full report on disk.
/// </summary>
public static class ImportPersons
{
    public const int BatchSize = 2000;

    public sealed record RowError(int Row, string Column, string Message);

    /// <summary>Where the check writes every problem as it finds it (the full report, beyond what the page lists).</summary>
    public interface IErrorLog
    {
        void Error(RowError e);
        void HeldBack(IReadOnlyList<int> rows);
    }

    /// <summary>Problems kept in a report; beyond it they are counted (<see cref="Report.ErrorCount"/>) but not listed.</summary>
    public const int MaxErrorsKept = 20_000;

    /// <summary>
    /// The check's outcome. <see cref="Errors"/> lists at most <see cref="MaxErrorsKept"/> problems, <see cref="ErrorCount"/>
    /// counts them all. <see cref="Warnings"/> do not stop an import (a 15-digit ID upgraded, a residence permit);
    /// <see cref="Notices"/> say how the file was read (sheet, header row, encoding, merged cells).
    /// </summary>
    public sealed record Report(int TotalRows, int ValidRows, int ImportableRows, IReadOnlyList<RowError> Errors,
        IReadOnlyList<int> HeldBackRows, string? FileError, long ElapsedMs)
    {
        public int ErrorCount { get; init; } = Errors.Count;
        public IReadOnlyList<RowError> Warnings { get; init; } = [];
        public IReadOnlyList<string> Notices { get; init; } = [];
        public int BadRows => TotalRows - ValidRows;
        public bool CanImportAll => FileError is null && TotalRows > 0 && ErrorCount == 0;
        public bool CanImportValid => FileError is null && ErrorCount > 0 && ImportableRows > 0;
        public static Report Failed(string message) => new(0, 0, 0, [], [], message, 0);
    }

    public sealed record Result(bool Imported, int Persons, int Households, int SkippedRows, string? Refusal, Report Report, long ElapsedMs);

    public sealed class Handler(ShegongDbContext db, IStringLocalizer<SharedResource> l, LookupHasher hasher)
    {
        /// <summary>Checks the file and stores nothing.</summary>
        public Task<Report> ValidateAsync(Stream stream, CancellationToken ct = default, Action<string, int>? progress = null) =>
            ValidateAsync(stream, new LedgerReadOptions(SheetFormat.Xlsx), ct, progress);

        /// <param name="log">Told every problem as it is found, and the rows held back at the end (the full report on disk).</param>
        public async Task<Report> ValidateAsync(Stream stream, LedgerReadOptions options, CancellationToken ct = default, Action<string, int>? progress = null,
            IErrorLog? log = null)
        {
            var clock = Stopwatch.StartNew();
            if (db.Scope.StationId is null) return Report.Failed(l["Import.StationOnly"]);
            var plan = await CheckAsync(stream, options, ct, progress, log: log);
            return plan.ToReport(clock.ElapsedMilliseconds);
        }

        /// <summary>Checks again, then imports all rows or, with <paramref name="onlyValid"/>, the rows of households without problems.</summary>
        /// <param name="progress">Told the phase ("check", "import") and the rows done so far, every thousand rows or so.</param>
        public Task<Result> ImportAsync(Stream stream, bool onlyValid, CancellationToken ct = default, Action<string, int>? progress = null) =>
            ImportAsync(stream, new LedgerReadOptions(SheetFormat.Xlsx), onlyValid, ct, progress);

        public async Task<Result> ImportAsync(Stream stream, LedgerReadOptions options, bool onlyValid, CancellationToken ct = default, Action<string, int>? progress = null)
        {
            var clock = Stopwatch.StartNew();
            if (db.Scope.StationId is not { } stationId) return Refused(l["Import.StationOnly"], Report.Failed(l["Import.StationOnly"]));
            // The file is read twice (check, then insert) rather than held in memory: keeping 100,000 parsed rows
            // between the passes cost about 140 MB more at the peak (bench/RESULTS.md, issue 11), and 200,000 are allowed.
            var plan = await CheckAsync(stream, options, ct, progress);
            var report = plan.ToReport(clock.ElapsedMilliseconds);
            if (report.FileError is not null) return Refused(report.FileError, report);
            if (!onlyValid && report.ErrorCount > 0) return Refused(l["Import.HasErrors", report.ErrorCount, report.BadRows], report);
            if (report.ImportableRows == 0) return Refused(l["Import.NothingToImport"], report);

            stream.Position = 0;
            using var file = PersonSheetFile.Open(stream, options, l, out _, ct)
                ?? throw new InvalidOperationException("The file could be read for the check but not for the import.");
            var hash = await hasher.HashFunctionAsync(ct);
            var rules = new Dictionary<string, VisitRuleSet>();
            var households = new Dictionary<string, Household>();
            var persons = 0;
            // PostgreSQL takes each batch by binary COPY (with the aggregate deltas applied by hand); SQLite through EF.
            var copy = db.Database.ProviderName?.Contains("Npgsql") == true;
            var newHouseholds = new List<Household>();
            var newPersons = new List<Person>(BatchSize);
            async Task FlushAsync()
            {
                if (copy)
                {
                    await PostgresBulkCopy.CopyAsync(db, newHouseholds, ct);
                    await PostgresBulkCopy.CopyAsync(db, newPersons, ct);
                    await PostgresBulkCopy.CopyAsync(db, newPersons.SelectMany(p => p.LedgerChanges), ct);
                    await TallyWriter.ApplyAsync(db, RegistryTallies.ForNewPersons(newPersons), ct);
                }
                else
                {
                    db.Households.AddRange(newHouseholds);
                    db.Persons.AddRange(newPersons);
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                }
                newHouseholds.Clear();
                newPersons.Clear();
            }
            db.SuppressEntityAudit = true;
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    foreach (var row in file.Rows(ct))
                    {
                        if (plan.Skip.Contains(row.Number)) continue;
                        var again = new List<RowError>();
                        var p = plan.Reader.Read(row, again);
                        if (p.Person is null || again.Count > 0) throw new InvalidOperationException($"Row {row.Number} passed the check but not the import.");
                        var h = plan.Households[p.HouseholdKey];
                        var community = h.Community!;
                        if (!households.TryGetValue(p.HouseholdKey, out var household))
                        {
                            household = Household.Create(stationId, community.Prefix, community.Id, h.Fields!.ToDetails()).Household!;
                            newHouseholds.Add(household);
                            households[p.HouseholdKey] = household;
                        }
                        if (!rules.TryGetValue(community.Prefix, out var set)) rules[community.Prefix] = set = await db.RulesForAsync(community.Prefix, ct);
                        var relation = p.Row == h.HeadRow ? HouseholdRelation.Head : p.Relation!.Value;
                        var idHash = p.Person.Id is { } id ? hash(id.Value) : null;
                        newPersons.Add(Person.Register(stationId, community.Prefix, community.Id, household, relation, p.Person, idHash, p.WorkerId, plan.Today, set));
                        if (++persons % BatchSize == 0)
                        {
                            await FlushAsync();
                            progress?.Invoke("import", persons);
                        }
                    }
                    await FlushAsync();
                    // One audit entry for the whole file instead of one per row (entity audit is suppressed above).
                    db.RecordEvent(AuditAction.Create, nameof(Person), "import", stationId, db.Scope.RegionPrefix,
                        $"import persons={persons},households={households.Count},rows={report.TotalRows},onlyValid={onlyValid}");
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (Exception e) when (e is DbUpdateException || e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
                {
                    // Someone registered one of these ID numbers since the check: nothing of the file is kept.
                    await tx.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    db.PendingAudits.Clear();
                    return Refused(l["Import.Conflict"], report);
                }
            }
            finally { db.SuppressEntityAudit = false; }
            return new Result(true, persons, households.Count, report.TotalRows - persons, null, report, clock.ElapsedMilliseconds);

            Result Refused(string message, Report r) => new(false, 0, 0, 0, message, r, clock.ElapsedMilliseconds);
        }

        /// <summary>
        /// The check of both paths. For a new import an ID number already on file is an error; for an update by ID
        /// number (<paramref name="forUpdate"/>) it is the rule: every row needs an ID number active at this station.
        /// </summary>
        /// <param name="keep">Given the rows parsed without a problem, in file order (for the import that follows the check).</param>
        internal async Task<Plan> CheckAsync(Stream stream, LedgerReadOptions options, CancellationToken ct, Action<string, int>? progress, bool forUpdate = false,
            IErrorLog? log = null, List<ParsedRow>? keep = null)
        {
            var stationId = db.Scope.StationId!.Value;
            var prefix = db.Scope.RegionPrefix;
            var communities = await db.Regions.AsNoTracking()
                .Where(r => r.Level == RegionLevel.Community && r.Prefix.StartsWith(prefix))
                .Select(r => new StationCommunity(r.Id, r.Prefix, r.Name)).ToListAsync(ct);
            var byKey = new Dictionary<string, StationCommunity>();
            foreach (var c in communities) { byKey[c.Prefix] = c; byKey.TryAdd(c.Name, c); }
            var workers = (await db.StationWorkersAsync(stationId, ct)).ToLookup(w => w.Name, w => w.Id);
            var today = ChinaTime.Today;
            var plan = new Plan(l, new PersonRowReader(l, byKey, workers, today), today) { Log = log };

            using var file = PersonSheetFile.Open(stream, options, l, out var problem, ct);
            if (file is null) { plan.FileError = problem; return plan; }
            plan.Notices.AddRange(file.Notices);
            var hash = await hasher.HashFunctionAsync(ct);
            var ids = new Dictionary<string, int>();
            try
            {
                foreach (var row in file.Rows(ct))
                {
                    if (++plan.TotalRows % 1000 == 0) progress?.Invoke("check", plan.TotalRows);
                    if (PersonSheet.IsMaskedId(row.Text(Col.IdNumber)))
                    {
                        // A masked export: one clear message instead of one per row.
                        plan.FileError = l["Import.MaskedFile"];
                        return plan;
                    }
                    var parsed = plan.Reader.Read(row, plan.Errors, plan.Warnings);
                    plan.CapErrors();
                    if (keep is not null && parsed.Person is not null) keep.Add(parsed);
                    if (forUpdate && row.Text(Col.IdNumber).Length == 0) plan.Error(row.Number, Col.IdNumber, l["Import.UpdateIdRequired"]);
                    if (parsed.Id is { } id && hash(id.Value) is var idHash && !ids.TryAdd(idHash, row.Number))
                        plan.Error(row.Number, Col.IdNumber, l["Import.IdTwiceInFile", ids[idHash]]);
                    plan.Track(parsed);
                }
            }
            catch (LedgerFileException e) { plan.FileError = e.Message; return plan; }
            catch (Exception e) when (PersonSheetFile.IsUnreadable(e)) { plan.FileError = e is SheetTooLargeException ? l["Import.TooLargeInside"] : l["Import.NotExcel"]; return plan; }
            if (plan.TotalRows == 0) { plan.FileError = l["Import.NoRows"]; return plan; }
            plan.FinishHouseholds();

            // Already on file, here or at another station (the unique index allows one active record per ID number).
            foreach (var chunk in ids.Keys.Chunk(BatchSize))
            {
                var found = await db.Persons.IgnoreQueryFilters().AsNoTracking()
                    .Where(p => chunk.Contains(p.IdHash!) && p.Status == PersonStatus.Active)
                    .Select(p => new { p.IdHash, p.StationId, p.Name }).ToListAsync(ct);
                if (forUpdate)
                {
                    var here = found.Where(f => f.StationId == stationId).Select(f => f.IdHash!).ToHashSet();
                    foreach (var h in chunk.Where(h => !here.Contains(h)))
                        plan.Error(ids[h], Col.IdNumber, found.Any(f => f.IdHash == h) ? l["Registry.IdOnFileElsewhere"] : l["Import.UpdateNotOnFile"]);
                    continue;
                }
                foreach (var f in found)
                    plan.Error(ids[f.IdHash!], Col.IdNumber, f.StationId == stationId ? l["Registry.IdOnFile", f.Name] : l["Registry.IdOnFileElsewhere"]);
            }
            plan.Seal();
            return plan;
        }
    }

    /// <summary>What a household looks like after the check: its head, community and household facts, and its rows.</summary>
    internal sealed class HouseholdPlan(int firstRow)
    {
        public int FirstRow { get; } = firstRow;
        public int HeadRow { get; set; }
        public bool RelationUnreadable { get; set; }
        public StationCommunity? Community { get; set; }
        public int CommunityRow { get; set; }
        public HouseholdFields? Fields { get; set; }
        public int FieldsRow { get; set; }
        public bool FieldsGiven { get; set; }
        public List<int> Rows { get; } = [];
    }

    /// <summary>The compact result of the check, kept for the import pass.</summary>
    internal sealed class Plan(IStringLocalizer l, PersonRowReader reader, DateOnly today)
    {
        private static readonly Dictionary<string, int> ColumnOrder = PersonSheet.Columns.Select((c, i) => (c.Header, i)).ToDictionary(x => x.Header, x => x.i);

        public PersonRowReader Reader { get; } = reader;
        public DateOnly Today { get; } = today;
        public string? FileError { get; set; }
        public int TotalRows { get; set; }
        public List<RowError> Errors { get; } = [];
        public List<RowError> Warnings { get; } = [];
        public List<string> Notices { get; } = [];
        /// <summary>Problems beyond <see cref="MaxErrorsKept"/>: counted, their rows remembered, not listed.</summary>
        private int _errorsDropped;
        private readonly HashSet<int> _droppedRows = [];
        public IErrorLog? Log { get; init; }
        private int _logged;
        public Dictionary<string, HouseholdPlan> Households { get; } = [];
        /// <summary>Rows not to import: the wrong ones and the rest of their households.</summary>
        public HashSet<int> Skip { get; } = [];
        private readonly List<int> _heldBack = [];
        private int _validRows;

        public void Error(int row, Col c, string message)
        {
            var column = PersonSheet.Of(c);
            Errors.Add(new RowError(row, column.Header, $"{l[column.Label]}：{message}"));
            CapErrors();
        }

        /// <summary>A file of junk makes millions of problems: keep the first ones, count the rest.</summary>
        public void CapErrors()
        {
            // Every problem goes to the log as it is found, before the list is capped.
            if (Log is not null)
            {
                for (var i = _logged; i < Errors.Count; i++) Log.Error(Errors[i]);
                _logged = Errors.Count;
            }
            if (Errors.Count <= MaxErrorsKept) return;
            for (var i = MaxErrorsKept; i < Errors.Count; i++) _droppedRows.Add(Errors[i].Row);
            _errorsDropped += Errors.Count - MaxErrorsKept;
            Errors.RemoveRange(MaxErrorsKept, Errors.Count - MaxErrorsKept);
            _logged = Errors.Count;
            if (Warnings.Count > MaxErrorsKept) Warnings.RemoveRange(MaxErrorsKept, Warnings.Count - MaxErrorsKept);
        }

        public void Track(ParsedRow p)
        {
            if (!Households.TryGetValue(p.HouseholdKey, out var h)) Households[p.HouseholdKey] = h = new HouseholdPlan(p.Row);
            h.Rows.Add(p.Row);
            // The relation: 户主, or blank on a household's first row (a one-person household needs nothing).
            if (p.RelationUnreadable) h.RelationUnreadable = true;
            else if (p.Relation is null && h.Rows.Count > 1) Error(p.Row, Col.Relation, l["Import.RelationRequired"]);
            else if (p.Relation is null or HouseholdRelation.Head)
            {
                if (h.HeadRow != 0) Error(p.Row, Col.Relation, l["Import.SecondHead", h.HeadRow]);
                else h.HeadRow = p.Row;
            }
            if (p.Community is { } c)
            {
                if (h.Community is null) { h.Community = c; h.CommunityRow = p.Row; }
                else if (h.Community.Id != c.Id) Error(p.Row, Col.CommunityCode, l["Import.HouseholdCommunity", h.CommunityRow]);
            }
            // Household facts: written once (on the head's row, usually) or repeated identically on every member's row.
            if (!p.Household.Any) return;
            h.FieldsGiven = true;
            if (!p.HouseholdValid) return;
            if (h.Fields is null) { h.Fields = p.Household; h.FieldsRow = p.Row; }
            else foreach (var col in p.Household.DifferencesFrom(h.Fields)) Error(p.Row, col, l["Import.HouseholdMismatch", h.FieldsRow]);
        }

        public void FinishHouseholds()
        {
            foreach (var h in Households.Values)
            {
                if (h.HeadRow == 0 && !h.RelationUnreadable) Error(h.FirstRow, Col.Relation, l["Import.NoHead"]);
                if (!h.FieldsGiven) Error(h.HeadRow != 0 ? h.HeadRow : h.FirstRow, Col.Address, l["Import.HouseholdAddressMissing"]);
            }
        }

        /// <summary>Decides what "only valid rows" would import and orders the errors as the file reads.</summary>
        public void Seal()
        {
            var bad = Errors.Select(e => e.Row).ToHashSet();
            bad.UnionWith(_droppedRows);
            _validRows = TotalRows - bad.Count;
            foreach (var h in Households.Values.Where(h => h.Rows.Exists(bad.Contains)))
                foreach (var r in h.Rows)
                    if (Skip.Add(r) && !bad.Contains(r)) _heldBack.Add(r);
            _heldBack.Sort();
            Log?.HeldBack(_heldBack);
            var ordered = Errors.OrderBy(e => e.Row).ThenBy(e => ColumnOrder[e.Column]).ToList();
            Errors.Clear();
            Errors.AddRange(ordered);
        }

        public Report ToReport(long elapsedMs) => FileError is not null
            ? Report.Failed(FileError) with { ElapsedMs = elapsedMs, Notices = Notices }
            : new Report(TotalRows, _validRows, TotalRows - Skip.Count, Errors, _heldBack, null, elapsedMs)
            {
                ErrorCount = Errors.Count + _errorsDropped, Warnings = Warnings.OrderBy(w => w.Row).ToList(), Notices = Notices,
            };
    }
}

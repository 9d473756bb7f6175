using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Where a ledger import puts its people while the file is still being read: a temporary table of the persons
/// table's columns plus the row number (<c>import_row</c>), with no index, constraint or foreign key, private to the
/// import's connection and gone with its transaction. Rows are streamed into it as they are checked (PostgreSQL:
/// one binary COPY for the whole file; SQLite: one prepared INSERT), each already encrypted as the persons table
/// stores it. When the whole file has been checked, the rows not to import are deleted from it by number and the
/// rest moved into <c>persons</c> by one <c>INSERT … SELECT</c> (the unique index on the ID hash then guards
/// against a colleague's registration made since the check).
/// </summary>
internal sealed class ImportStaging : IAsyncDisposable
{
    private const string Table = "import_persons";
    private const string RowColumn = "import_row";

    private readonly ShegongDbContext _db;
    private readonly bool _postgres;
    private PostgresBulkCopy.Writer<Person>? _copy;
    private SqliteBulkInsert.Writer<Person>? _insert;

    private ImportStaging(ShegongDbContext db, bool postgres) => (_db, _postgres) = (db, postgres);

    /// <summary>Creates the table, inside the caller's transaction.</summary>
    public static async Task<ImportStaging> CreateAsync(ShegongDbContext db, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var staging = new ImportStaging(db, postgres);
        if (postgres)
            await db.Database.ExecuteSqlRawAsync(
                $"CREATE TEMP TABLE {Table} (LIKE persons) ON COMMIT DROP; ALTER TABLE {Table} ADD COLUMN {RowColumn} integer NOT NULL", ct);
        else
            await db.Database.ExecuteSqlRawAsync(
                $"DROP TABLE IF EXISTS temp.{Table}; CREATE TEMP TABLE {Table} AS SELECT *, 0 AS {RowColumn} FROM persons WHERE 0", ct);
        return staging;
    }

    /// <summary>
    /// Streams a person into the table. The stream opens with the first person and holds the connection until
    /// <see cref="CompleteAsync"/> (a COPY in progress allows no other command on it).
    /// </summary>
    public async ValueTask AddAsync(Person person, int row, CancellationToken ct)
    {
        if (_postgres) await (_copy ??= await PostgresBulkCopy.OpenAsync<Person>(_db, Table, RowColumn, ct)).WriteAsync(person, row, ct);
        else await (_insert ??= await SqliteBulkInsert.OpenAsync<Person>(_db, Table, RowColumn, ct)).WriteAsync(person, row, ct);
    }

    /// <summary>Ends the stream: every row is in the table.</summary>
    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_copy is not null) { await _copy.CompleteAsync(ct); await _copy.DisposeAsync(); _copy = null; }
        _insert?.Dispose();
        _insert = null;
    }

    /// <summary>Drops the rows not to import, then moves the others into <c>persons</c>; returns how many moved.</summary>
    public async Task<int> MoveAsync(IReadOnlyCollection<int> skip, CancellationToken ct)
    {
        if (skip.Count > 0)
        {
            if (_postgres) await _db.Database.ExecuteSqlRawAsync($"DELETE FROM {Table} WHERE {RowColumn} = ANY({{0}})", [skip.ToArray()], ct);
            else await _db.Database.ExecuteSqlRawAsync($"DELETE FROM temp.{Table} WHERE {RowColumn} IN (SELECT value FROM json_each({{0}}))",
                [System.Text.Json.JsonSerializer.Serialize(skip)], ct);
        }
        // The column names come from the model, not from the file.
        var columns = string.Join(", ", PostgresBulkCopy.ColumnNames<Person>(_db).Select(PostgresBulkCopy.Quote));
        var insert = "INSERT INTO persons (" + columns + ") SELECT " + columns + " FROM " + Table;
        var moved = await _db.Database.ExecuteSqlRawAsync(insert, ct);
        if (!_postgres) await _db.Database.ExecuteSqlRawAsync($"DROP TABLE temp.{Table}", ct);
        return moved;
    }

    /// <summary>Households and ledger history straight into their tables (they are few, or small, and held in memory until then).</summary>
    public Task WriteAsync<T>(IEnumerable<T> rows, CancellationToken ct) where T : class =>
        _postgres ? PostgresBulkCopy.CopyAsync(_db, rows, ct) : SqliteBulkInsert.CopyAsync(_db, rows, ct);

    public async ValueTask DisposeAsync()
    {
        if (_copy is not null) await _copy.DisposeAsync();
        _insert?.Dispose();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// Binary COPY of entities into PostgreSQL, driven by the EF model (table, columns, value converters — so
/// encrypted columns are encrypted exactly as EF would write them). For bulk loads: generators, benchmarks, the
/// ledger import (which copies into a staging table of the same shape, <see cref="OpenAsync{T}"/>).
/// Bypasses the audit chain and the aggregate tallies: callers record and apply them themselves.
/// </summary>
public static class PostgresBulkCopy
{
    public static async Task<ulong> CopyAsync<T>(ShegongDbContext db, IEnumerable<T> rows, CancellationToken ct = default) where T : class
    {
        await using var writer = await OpenAsync<T>(db, ct: ct);
        foreach (var row in rows) await writer.WriteAsync(row, ct: ct);
        return await writer.CompleteAsync(ct);
    }

    /// <summary>
    /// One COPY kept open for rows written one at a time (a stream of rows never held together). Into the entity's
    /// own table, or into <paramref name="table"/> of the same columns plus <paramref name="extraColumn"/> (an integer).
    /// </summary>
    public static async Task<Writer<T>> OpenAsync<T>(ShegongDbContext db, string? table = null, string? extraColumn = null, CancellationToken ct = default) where T : class
    {
        var columns = ColumnsOf<T>(db, out var own);
        var entity = db.Model.FindEntityType(typeof(T))!;
        await db.PrepareEncryptionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var names = columns.Select(c => Quote(c.Name)).Concat(extraColumn is null ? [] : [Quote(extraColumn)]);
        var copy = $"COPY {Quote(table ?? own)} ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)";
        return new Writer<T>(await connection.BeginBinaryImportAsync(copy, ct), entity, columns, extraColumn is not null);
    }

    /// <summary>The entity's columns in model order (the same order <see cref="OpenAsync{T}"/> writes them).</summary>
    public static IReadOnlyList<string> ColumnNames<T>(ShegongDbContext db) where T : class => ColumnsOf<T>(db, out _).Select(c => c.Name).ToList();

    private static List<Column> ColumnsOf<T>(ShegongDbContext db, out string table) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        return entity.GetProperties()
            .Select(p => new Column(p.GetGetter(), p.GetColumnName(store)!, BaseType(p.GetColumnType()), p.GetTypeMapping().Converter))
            .ToList();
    }

    internal sealed record Column(IClrPropertyGetter Getter, string Name, string Type, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);

    public sealed class Writer<T> : IAsyncDisposable where T : class
    {
        private readonly NpgsqlBinaryImporter _importer;
        private readonly IEntityType _entity;
        private readonly List<Column> _columns;
        private readonly bool _extra;
        private readonly Dictionary<object, string> _bound = new(ReferenceEqualityComparer.Instance);

        internal Writer(NpgsqlBinaryImporter importer, IEntityType entity, List<Column> columns, bool extra) =>
            (_importer, _entity, _columns, _extra) = (importer, entity, columns, extra);

        public async ValueTask WriteAsync(T row, int extra = 0, CancellationToken ct = default)
        {
            // Each encrypted value is sealed for its row (its own table's), as a save would — also when the row goes to a staging table first.
            Shegong.Web.Infrastructure.Privacy.FieldRows.BindRow(_entity, row, _bound);
            await _importer.StartRowAsync(ct);
            foreach (var c in _columns)
            {
                var value = c.Getter.GetClrValue(row);
                if (value is not null && c.Converter is not null) value = c.Converter.ConvertToProvider(value);
                if (value is null) await _importer.WriteNullAsync(ct);
                else await _importer.WriteAsync(value, c.Type, ct);
            }
            if (_extra) await _importer.WriteAsync(extra, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            Shegong.Web.Infrastructure.Privacy.FieldRows.Clear();
        }

        public async Task<ulong> CompleteAsync(CancellationToken ct = default) => await _importer.CompleteAsync(ct);

        /// <summary>Without <see cref="CompleteAsync"/> the COPY is cancelled (nothing of it is kept).</summary>
        public ValueTask DisposeAsync() => _importer.DisposeAsync();
    }

    // "character varying(12)" → "character varying": the importer wants the type's name.
    private static string BaseType(string type) => type.Split('(')[0].Trim();
    internal static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}

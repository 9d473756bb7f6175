using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// Binary COPY of entities into PostgreSQL, driven by the EF model (table, columns, value converters — so
/// encrypted columns are encrypted exactly as EF would write them). For bulk loads: generators, benchmarks.
/// Bypasses the audit chain and the aggregate tallies: callers rebuild the tallies afterwards.
/// </summary>
public static class PostgresBulkCopy
{
    public static async Task<ulong> CopyAsync<T>(ShegongDbContext db, IEnumerable<T> rows, CancellationToken ct = default) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(store)!, Type: BaseType(p.GetColumnType()), Converter: p.GetTypeMapping().Converter))
            .ToList();
        await db.PrepareEncryptionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var copy = $"COPY {Quote(table)} ({string.Join(", ", columns.Select(c => Quote(c.Column)))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, ct);
        var bound = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            // Each encrypted value is sealed for its row, as a save would.
            Shegong.Web.Infrastructure.Privacy.FieldRows.BindRow(entity, row, bound);
            await importer.StartRowAsync(ct);
            foreach (var c in columns)
            {
                var value = c.Property.GetGetter().GetClrValue(row);
                if (value is not null && c.Converter is not null) value = c.Converter.ConvertToProvider(value);
                if (value is null) await importer.WriteNullAsync(ct);
                else await importer.WriteAsync(value, c.Type, ct);
            }
        }
        Shegong.Web.Infrastructure.Privacy.FieldRows.Clear();
        return await importer.CompleteAsync(ct);
    }

    // "character varying(12)" → "character varying": the importer wants the type's name.
    private static string BaseType(string type) => type.Split('(')[0].Trim();
    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
}

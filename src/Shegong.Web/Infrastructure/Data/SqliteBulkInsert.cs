using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// SQLite's counterpart of <see cref="PostgresBulkCopy"/>: one prepared INSERT, run per row inside the caller's
/// transaction, its parameters made by the EF model's type mappings (so every value, encrypted ones too, is stored
/// exactly as EF would store it). Bypasses the change tracker, the audit chain and the tallies.
/// </summary>
public static class SqliteBulkInsert
{
    public static async Task CopyAsync<T>(ShegongDbContext db, IEnumerable<T> rows, CancellationToken ct = default) where T : class
    {
        using var writer = await OpenAsync<T>(db, ct: ct);
        foreach (var row in rows) await writer.WriteAsync(row, ct: ct);
    }

    /// <summary>Into the entity's own table, or into <paramref name="table"/> of the same columns plus <paramref name="extraColumn"/>.</summary>
    public static async Task<Writer<T>> OpenAsync<T>(ShegongDbContext db, string? table = null, string? extraColumn = null, CancellationToken ct = default) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var own = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(own, entity.GetSchema());
        var columns = entity.GetProperties().Select(p => (Getter: p.GetGetter(), Name: p.GetColumnName(store)!, Mapping: p.GetRelationalTypeMapping())).ToList();
        await db.PrepareEncryptionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var names = columns.Select(c => PostgresBulkCopy.Quote(c.Name)).Concat(extraColumn is null ? [] : [PostgresBulkCopy.Quote(extraColumn)]).ToList();
        command.CommandText = $"INSERT INTO {PostgresBulkCopy.Quote(table ?? own)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        return new Writer<T>(command, entity, columns.Select(c => (c.Getter, c.Mapping)).ToList(), extraColumn is not null);
    }

    public sealed class Writer<T>(DbCommand command, IEntityType entity, List<(IClrPropertyGetter Getter, RelationalTypeMapping Mapping)> columns, bool extra) : IDisposable where T : class
    {
        private bool _prepared;
        private readonly Dictionary<object, string> _bound = new(ReferenceEqualityComparer.Instance);

        public async ValueTask WriteAsync(T row, int extraValue = 0, CancellationToken ct = default)
        {
            command.Parameters.Clear();
            // Each encrypted value is sealed for its row, as a save would (the converters run in CreateParameter).
            Shegong.Web.Infrastructure.Privacy.FieldRows.BindRow(entity, row, _bound);
            for (var i = 0; i < columns.Count; i++)
                command.Parameters.Add(columns[i].Mapping.CreateParameter(command, "$p" + i, columns[i].Getter.GetClrValue(row), nullable: true));
            Shegong.Web.Infrastructure.Privacy.FieldRows.Clear();
            if (extra)
            {
                var p = command.CreateParameter();
                p.ParameterName = "$p" + columns.Count;
                p.Value = extraValue;
                command.Parameters.Add(p);
            }
            if (!_prepared) { await command.PrepareAsync(ct); _prepared = true; }
            await command.ExecuteNonQueryAsync(ct);
        }

        public void Dispose() => command.Dispose();
    }
}

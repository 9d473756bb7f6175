using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// Which row each sensitive value belongs to, for the converters (which see a value, never its entity).
/// Writing: a save (and a bulk copy) names, before EF converts anything, the row of every value it will encrypt,
/// for its own async flow only; a value written without a row is refused. Reading: the row a ciphertext was sealed
/// for is kept beside the value it opened to, and <see cref="FieldRowCheck"/> compares it with the row it came from.
/// </summary>
public static class FieldRows
{
    private static readonly AsyncLocal<Dictionary<object, string>?> Writing = new();
    private static readonly ConditionalWeakTable<object, string> ReadFrom = new();
    private static readonly System.Reflection.MethodInfo CloneMethod =
        typeof(object).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;

    /// <summary>The row a value being written belongs to.</summary>
    internal static string Of(object value, FieldColumn column) =>
        Writing.Value is { } rows && rows.TryGetValue(value, out var row) ? row
        : throw new InvalidOperationException($"A value of {column.Table}.{column.Column} is written outside a save that names its row (use SaveChangesAsync or PostgresBulkCopy).");

    internal static T Read<T>(T value, string? row) where T : class
    {
        if (row is not null && (value is not string { Length: 0 })) ReadFrom.AddOrUpdate(value, row);
        return value;
    }

    /// <summary>The row the ciphertext a value was read from was sealed for (none for values of before the binding).</summary>
    internal static bool TryGetReadRow(object value, out string row) => ReadFrom.TryGetValue(value, out row!);

    /// <summary>A row's id as bound into its ciphertexts: the primary key's values, comma-separated.</summary>
    public static string RowId(IEntityType type, Func<IProperty, object?> valueOf) =>
        string.Join(",", type.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(valueOf(p), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Names the rows of the values the coming save encrypts (added rows: every encrypted value; changed rows: the
    /// changed ones), for this async flow. One value object shared by two rows (the same string given to both) is
    /// copied for the second, so that each is sealed for its own row.
    /// </summary>
    internal static void BindForSave(DbContext db, ISet<Type> encryptedTypes)
    {
        Dictionary<object, string>? rows = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified) || !encryptedTypes.Contains(entry.Metadata.ClrType)) continue;
            string? row = null;
            foreach (var property in entry.Properties)
            {
                if (!Encrypted.IsEncrypted(property.Metadata) || (entry.State == EntityState.Modified && !property.IsModified)) continue;
                var value = property.CurrentValue;
                if (value is null or string { Length: 0 }) continue;
                row ??= RowId(entry.Metadata, p => entry.Property(p.Name).CurrentValue);
                rows ??= new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
                if (rows.TryGetValue(value, out var other) && other != row)
                {
                    // Written to the entity itself: through EF the copy, equal to the value, would be ignored.
                    value = Copy(value);
                    if (property.Metadata.FieldInfo is { } field) field.SetValue(entry.Entity, value);
                    else property.Metadata.PropertyInfo!.SetValue(entry.Entity, value);
                }
                rows[value] = row;
            }
        }
        Writing.Value = rows;
    }

    /// <summary>Names one row's values (a bulk copy, row by row).</summary>
    internal static void BindRow(IEntityType type, object entity, Dictionary<object, string> reuse)
    {
        reuse.Clear();
        string? row = null;
        foreach (var property in type.GetProperties())
        {
            if (!Encrypted.IsEncrypted(property)) continue;
            var value = property.GetGetter().GetClrValue(entity);
            if (value is null or string { Length: 0 }) continue;
            row ??= RowId(type, p => p.GetGetter().GetClrValue(entity));
            reuse[value] = row;
        }
        Writing.Value = reuse;
    }

    internal static void Clear() => Writing.Value = null;

    private static object Copy(object value) => value switch
    {
        string s => new string(s.AsSpan()),
        byte[] b => b.ToArray(),
        _ => CloneMethod.Invoke(value, null)!,
    };
}

/// <summary>
/// Refuses a sensitive value that was sealed for another row than the one it was read from (a ciphertext copied in
/// the database from one person to another): checked as each entity is materialized.
/// </summary>
public sealed class FieldRowCheck : IMaterializationInterceptor
{
    public static readonly FieldRowCheck Instance = new();
    private static readonly ConcurrentDictionary<IEntityType, IProperty[]> EncryptedOf = new();

    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        var type = materializationData.EntityType;
        var encrypted = EncryptedOf.GetOrAdd(type, t => [.. t.GetProperties().Where(Encrypted.IsEncrypted)]);
        if (encrypted.Length == 0) return entity;
        string? row = null;
        foreach (var property in encrypted)
        {
            var value = property.GetGetter().GetClrValue(entity);
            if (value is null || !FieldRows.TryGetReadRow(value, out var sealedFor)) continue;
            row ??= FieldRows.RowId(type, p => p.GetGetter().GetClrValue(entity));
            if (sealedFor != row)
                throw new CryptographicException($"The value of {type.GetTableName()}.{property.GetColumnName()} in row {row} was sealed for another row: it was copied in the database.");
        }
        return entity;
    }
}

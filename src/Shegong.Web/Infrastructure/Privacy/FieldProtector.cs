using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>The column a sensitive value is stored in: part of its ciphertext's associated data.</summary>
public sealed record FieldColumn(string Table, string Column);

/// <summary>
/// Encrypts sensitive columns at rest, each value bound to its place (table, column, row). <see cref="PrepareAsync"/>
/// loads the current data key before any write transaction.
/// </summary>
public interface IFieldProtector
{
    /// <summary>Seals a value for its place under the current data key.</summary>
    string Protect(string plain, FieldColumn column, string row);
    /// <summary>Opens a value of <paramref name="column"/>; <paramref name="row"/> is the row it was sealed for (null for values written before places were bound).</summary>
    string Unprotect(string stored, FieldColumn column, out string? row);
    byte[] ProtectBytes(byte[] plain, FieldColumn column, string row);
    byte[] UnprotectBytes(byte[] stored, FieldColumn column, out string? row);
    /// <summary>Whether a stored value is sealed under the current data key and bound to its place (what <c>rotate-keys</c> leaves).</summary>
    bool IsCurrent(string stored);
    bool IsCurrent(byte[] stored);
    Task PrepareAsync(CancellationToken ct);
}

/// <summary>
/// Envelope encryption: each value is sealed with AES-256-GCM (a fresh 96-bit nonce per value) under a data key that
/// is kept in the database wrapped by the master key (<see cref="AppSecretStore"/>). About a microsecond a value,
/// where a Data Protection call per value costs ~50 µs — it matters for imports of 100,000 rows.
/// <para>Version 2 (text <c>e2.</c>, bytes starting 2): data key number, the row id, nonce, cipher text, tag; the
/// associated data is table, column and row, so a value copied to another column does not open, and one copied to
/// another row opens only as that other row's, which <see cref="FieldRowCheck"/> refuses. Version 1 (<c>e1.</c>,
/// bytes starting 1: data key 1, no place) and the earlier Data Protection scheme are still read;
/// <c>rotate-keys</c> rewrites them.</para>
/// </summary>
public sealed class EnvelopeFieldProtector(AppSecretStore secrets, IDataProtectionProvider provider) : IFieldProtector
{
    internal const string CurrentKeyName = "field-key-current";
    private const string V1 = "e1.", V2 = "e2.";
    private const int NonceSize = 12, TagSize = 16;
    private readonly IDataProtector _legacy = provider.CreateProtector("Shegong.SensitiveFields.v1");

    internal static string KeyName(int number) => "field-key-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task PrepareAsync(CancellationToken ct)
    {
        if (AppSecretStore.IsLoading || _current is not null) return;
        var number = await CurrentNumberAsync(secrets, ct);
        var key = await secrets.GetOrCreateAsync(KeyName(number), ct);
        _current = (number, key);
    }

    /// <summary>The number of the current data key (1 until the first <c>rotate-keys</c>).</summary>
    internal static async Task<int> CurrentNumberAsync(AppSecretStore secrets, CancellationToken ct) =>
        await secrets.FindAsync(CurrentKeyName, ct) is { Length: 4 } value ? BitConverter.ToInt32(value) : 1;

    /// <summary>Forgets the current key (after <c>rotate-keys</c> made a new one), so the next save reads it again.</summary>
    internal void Reset() => _current = null;

    private (int Number, byte[] Key)? _current;

    // Converters are synchronous; the key is normally loaded by PrepareAsync (start of every save, bulk copy) already.
    private (int Number, byte[] Key) Current
    {
        get
        {
            if (_current is { } c) return c;
            PrepareAsync(CancellationToken.None).GetAwaiter().GetResult();
            return _current ?? throw new InvalidOperationException("The field-encryption key is being loaded.");
        }
    }

    private byte[] KeyNumbered(int number) =>
        _current is { } c && c.Number == number ? c.Key
        : secrets.TryGet(KeyName(number), out var key) ? key
        : secrets.FindAsync(KeyName(number)).GetAwaiter().GetResult() ?? throw new CryptographicException($"Data key {number} is not on file.");

    private static byte[] Associated(FieldColumn column, string row) => Encoding.UTF8.GetBytes(column.Table + '\u001f' + column.Column + '\u001f' + row);

    /// <summary>Header of version 2: key number (4 bytes, little-endian), row length (1 byte), row (UTF-8).</summary>
    private static int HeaderSize(byte[] row) => 4 + 1 + row.Length;

    private static byte[] Seal(int version, (int Number, byte[] Key) key, byte[] data, FieldColumn column, string row)
    {
        var rowBytes = Encoding.UTF8.GetBytes(row);
        if (rowBytes.Length > 255) throw new InvalidOperationException("A row id of more than 255 bytes cannot be bound.");
        var offset = version == 2 ? 0 : 1;
        var header = HeaderSize(rowBytes);
        var result = new byte[offset + header + NonceSize + data.Length + TagSize];
        if (offset == 1) result[0] = 2;
        BitConverter.TryWriteBytes(result.AsSpan(offset, 4), key.Number);
        result[offset + 4] = (byte)rowBytes.Length;
        rowBytes.CopyTo(result.AsSpan(offset + 5));
        var nonce = result.AsSpan(offset + header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.Key, TagSize);
        aes.Encrypt(nonce, data, result.AsSpan(offset + header + NonceSize, data.Length), result.AsSpan(offset + header + NonceSize + data.Length), Associated(column, row));
        return result;
    }

    private byte[] Open(ReadOnlySpan<byte> sealedValue, FieldColumn column, out string row)
    {
        if (sealedValue.Length < 5 + NonceSize + TagSize) throw new CryptographicException("The sealed value is too short.");
        var number = BitConverter.ToInt32(sealedValue[..4]);
        int rowLength = sealedValue[4];
        if (sealedValue.Length < 5 + rowLength + NonceSize + TagSize) throw new CryptographicException("The sealed value is too short.");
        row = Encoding.UTF8.GetString(sealedValue.Slice(5, rowLength));
        var body = sealedValue[(5 + rowLength)..];
        var data = new byte[body.Length - NonceSize - TagSize];
        using var aes = new AesGcm(KeyNumbered(number), TagSize);
        aes.Decrypt(body[..NonceSize], body.Slice(NonceSize, data.Length), body[(NonceSize + data.Length)..], data, Associated(column, row));
        return data;
    }

    // An empty value stays empty: encrypting nothing protects nothing and costs a payload per row.
    public string Protect(string plain, FieldColumn column, string row) =>
        plain.Length == 0 ? "" : V2 + Convert.ToBase64String(Seal(2, Current, Encoding.UTF8.GetBytes(plain), column, row));

    public string Unprotect(string stored, FieldColumn column, out string? row)
    {
        row = null;
        if (stored.Length == 0) return "";
        if (stored.StartsWith(V2, StringComparison.Ordinal))
        {
            var data = Open(Convert.FromBase64String(stored[V2.Length..]), column, out var bound);
            row = bound;
            return Encoding.UTF8.GetString(data);
        }
        if (!stored.StartsWith(V1, StringComparison.Ordinal)) return _legacy.Unprotect(stored);
        var sealedValue = Convert.FromBase64String(stored[V1.Length..]);
        return Encoding.UTF8.GetString(OpenV1(sealedValue));
    }

    private byte[] OpenV1(ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < NonceSize + TagSize) throw new CryptographicException("The sealed value is too short.");
        var data = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(KeyNumbered(1), TagSize);
        aes.Decrypt(sealedValue[..NonceSize], sealedValue.Slice(NonceSize, data.Length), sealedValue[(NonceSize + data.Length)..], data);
        return data;
    }

    public byte[] ProtectBytes(byte[] plain, FieldColumn column, string row) => Seal(1, Current, plain, column, row);

    public byte[] UnprotectBytes(byte[] stored, FieldColumn column, out string? row)
    {
        row = null;
        if (stored.Length > 0 && stored[0] == 2)
        {
            var data = Open(stored.AsSpan(1), column, out var bound);
            row = bound;
            return data;
        }
        if (stored.Length < 1 + NonceSize + TagSize || stored[0] != 1) throw new CryptographicException("Unknown binary payload.");
        return OpenV1(stored.AsSpan(1));
    }

    public bool IsCurrent(string stored)
    {
        if (stored.Length == 0) return true;
        if (!stored.StartsWith(V2, StringComparison.Ordinal)) return false;
        Span<byte> start = stackalloc byte[6];
        return Convert.TryFromBase64Chars(stored.AsSpan(V2.Length, 8), start, out var n) && n >= 4 && BitConverter.ToInt32(start[..4]) == Current.Number;
    }

    public bool IsCurrent(byte[] stored) => stored.Length > 5 && stored[0] == 2 && BitConverter.ToInt32(stored.AsSpan(1, 4)) == Current.Number;
}

/// <summary>For design-time tools only (migrations never read or write rows).</summary>
public sealed class DesignTimeFieldProtector : IFieldProtector
{
    public string Protect(string plain, FieldColumn column, string row) => throw new InvalidOperationException("No encryption at design time.");
    public string Unprotect(string stored, FieldColumn column, out string? row) => throw new InvalidOperationException("No encryption at design time.");
    public byte[] ProtectBytes(byte[] plain, FieldColumn column, string row) => throw new InvalidOperationException("No encryption at design time.");
    public byte[] UnprotectBytes(byte[] stored, FieldColumn column, out string? row) => throw new InvalidOperationException("No encryption at design time.");
    public bool IsCurrent(string stored) => throw new InvalidOperationException("No encryption at design time.");
    public bool IsCurrent(byte[] stored) => throw new InvalidOperationException("No encryption at design time.");
    public Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>
/// EF converters that store a value encrypted; queries can only compare such columns for equality with nothing.
/// Configurations declare them without a place; <see cref="PlaceAll"/> (the model's last step, after the names are
/// final) gives each its table and column.
/// </summary>
internal static class Encrypted
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ValueConverter<string, string> String(IFieldProtector p) => String(p, null);
    private static ValueConverter<string, string> String(IFieldProtector p, FieldColumn? c) =>
        new EncryptingConverter<string, string>(v => WriteString(p, c, v), v => ReadString(p, c, v), (p, c2) => String(p, c2), p);

    // EF never passes null to a converter; this overload only satisfies nullable string properties.
    public static ValueConverter<string?, string?> NullableString(IFieldProtector p) => NullableString(p, null);
    private static ValueConverter<string?, string?> NullableString(IFieldProtector p, FieldColumn? c) =>
        new EncryptingConverter<string?, string?>(v => WriteString(p, c, v!), v => ReadString(p, c, v!), (p, c2) => NullableString(p, c2), p);

    public static ValueConverter<byte[], byte[]> Bytes(IFieldProtector p) => Bytes(p, null);
    private static ValueConverter<byte[], byte[]> Bytes(IFieldProtector p, FieldColumn? c) =>
        new EncryptingConverter<byte[], byte[]>(v => WriteBytes(p, c, v), v => ReadBytes(p, c, v), (p, c2) => Bytes(p, c2), p);

    public static ValueConverter<T, string> Record<T>(IFieldProtector p) where T : class => Record<T>(p, null);
    private static ValueConverter<T, string> Record<T>(IFieldProtector p, FieldColumn? c) where T : class =>
        new EncryptingConverter<T, string>(v => WriteRecord(p, c, v), v => ReadRecord<T>(p, c, v), (p, c2) => Record<T>(p, c2), p);

    private static FieldColumn Placed(FieldColumn? column) =>
        column ?? throw new InvalidOperationException("An encrypted column without its place: Encrypted.PlaceAll was not applied to the model.");

    private static string WriteString(IFieldProtector p, FieldColumn? c, string v) => v.Length == 0 ? "" : p.Protect(v, Placed(c), FieldRows.Of(v, Placed(c)));
    private static string ReadString(IFieldProtector p, FieldColumn? c, string v) => FieldRows.Read(p.Unprotect(v, Placed(c), out var row), row);
    private static byte[] WriteBytes(IFieldProtector p, FieldColumn? c, byte[] v) => p.ProtectBytes(v, Placed(c), FieldRows.Of(v, Placed(c)));
    private static byte[] ReadBytes(IFieldProtector p, FieldColumn? c, byte[] v) => FieldRows.Read(p.UnprotectBytes(v, Placed(c), out var row), row);
    private static string WriteRecord<T>(IFieldProtector p, FieldColumn? c, T v) where T : class => p.Protect(JsonSerializer.Serialize(v, Json), Placed(c), FieldRows.Of(v, Placed(c)));
    private static T ReadRecord<T>(IFieldProtector p, FieldColumn? c, string v) where T : class
    {
        var plain = p.Unprotect(v, Placed(c), out var row);
        return FieldRows.Read(JsonSerializer.Deserialize<T>(plain, Json)!, row);
    }

    /// <summary>Gives every encrypted column of the model its place (table and column, as named in the database).</summary>
    public static void PlaceAll(IMutableModel model)
    {
        foreach (var type in model.GetEntityTypes())
        {
            var table = type.GetTableName();
            if (table is null) continue;
            var store = StoreObjectIdentifier.Table(table, type.GetSchema());
            foreach (var property in type.GetDeclaredProperties())
                if (property.GetValueConverter() is IEncrypting e)
                    property.SetValueConverter(e.At(new FieldColumn(table, property.GetColumnName(store) ?? property.Name)));
        }
    }

    /// <summary>Whether a property of the model is stored encrypted (its converter came from here).</summary>
    public static bool IsEncrypted(IReadOnlyProperty property) => property.GetValueConverter() is IEncrypting;

    /// <summary>A small record kept as plain JSON text (not sensitive, but read and written whole).</summary>
    public static ValueConverter<T, string> PlainRecord<T>() where T : class =>
        new(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<T>(v, Json)!);

    public static ValueConverter<T?, string?> NullablePlainRecord<T>() where T : class =>
        new(v => JsonSerializer.Serialize(v, Json), v => v == null ? null : JsonSerializer.Deserialize<T>(v, Json));

    /// <summary>Records compare by value; the snapshot is the same immutable instance.</summary>
    public static ValueComparer<T> RecordComparer<T>() where T : class =>
        new((a, b) => Equals(a, b), v => v.GetHashCode(), v => v);

    /// <summary>
    /// Bytes compared by content, and snapshotted as the same array: a photo's bytes are never changed in place
    /// (replaced whole, if ever), so copying megabytes for change tracking would buy nothing.
    /// </summary>
    public static ValueComparer<byte[]> BytesComparer() =>
        new((a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SequenceEqual(b)), v => v.Length, v => v);

    /// <summary>Marks the converters that encrypt, so the model itself says which entities need the key to be saved.</summary>
    private interface IEncrypting
    {
        ValueConverter At(FieldColumn column);
    }

    private sealed class EncryptingConverter<TModel, TProvider>(Expression<Func<TModel, TProvider>> toProvider, Expression<Func<TProvider, TModel>> fromProvider,
        Func<IFieldProtector, FieldColumn, ValueConverter> at, IFieldProtector protector)
        : ValueConverter<TModel, TProvider>(toProvider, fromProvider), IEncrypting
    {
        public ValueConverter At(FieldColumn column) => at(protector, column);
    }
}

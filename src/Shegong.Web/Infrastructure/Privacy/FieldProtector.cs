using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>Encrypts sensitive columns at rest (ASP.NET Data Protection, keys kept in the database).</summary>
public interface IFieldProtector
{
    string Protect(string plain);
    string Unprotect(string stored);
}

public sealed class DataProtectionFieldProtector(IDataProtectionProvider provider) : IFieldProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Shegong.SensitiveFields.v1");

    // An empty value stays empty: encrypting nothing protects nothing and costs a payload per row.
    public string Protect(string plain) => plain.Length == 0 ? "" : _protector.Protect(plain);
    public string Unprotect(string stored) => stored.Length == 0 ? "" : _protector.Unprotect(stored);
}

/// <summary>For design-time tools only (migrations never read or write rows).</summary>
public sealed class DesignTimeFieldProtector : IFieldProtector
{
    public string Protect(string plain) => throw new InvalidOperationException("No encryption at design time.");
    public string Unprotect(string stored) => throw new InvalidOperationException("No encryption at design time.");
}

/// <summary>EF converters that store a value encrypted; queries can only compare such columns for equality with nothing.</summary>
internal static class Encrypted
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ValueConverter<string, string> String(IFieldProtector p) =>
        new(v => p.Protect(v), v => p.Unprotect(v));

    // EF never passes null to a converter; this overload only satisfies nullable string properties.
    public static ValueConverter<string?, string?> NullableString(IFieldProtector p) =>
        new(v => p.Protect(v!), v => p.Unprotect(v!));

    public static ValueConverter<T, string> Record<T>(IFieldProtector p) where T : class =>
        new(v => p.Protect(JsonSerializer.Serialize(v, Json)), v => JsonSerializer.Deserialize<T>(p.Unprotect(v), Json)!);

    /// <summary>A small record kept as plain JSON text (not sensitive, but read and written whole).</summary>
    public static ValueConverter<T, string> PlainRecord<T>() where T : class =>
        new(v => JsonSerializer.Serialize(v, Json), v => JsonSerializer.Deserialize<T>(v, Json)!);

    /// <summary>Records compare by value; the snapshot is the same immutable instance.</summary>
    public static ValueComparer<T> RecordComparer<T>() where T : class =>
        new((a, b) => Equals(a, b), v => v.GetHashCode(), v => v);
}

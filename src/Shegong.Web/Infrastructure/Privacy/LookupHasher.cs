using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// A keyed hash (HMAC-SHA256) of an identifier, so that "is this ID number already on file?" is an indexed
/// equality test on the hash, never a decryption of every row. The key is random per deployment, stored in the
/// database encrypted with Data Protection (so every node shares it) and read once per process.
/// </summary>
public sealed class LookupHasher(IServiceScopeFactory scopes, IDataProtectionProvider protection)
{
    private const string SecretName = "id-lookup-hmac";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<string> HashAsync(string normalizedValue, CancellationToken ct = default)
    {
        var key = _key ?? await LoadKeyAsync(ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalizedValue)));
    }

    /// <summary>A synchronous hash function for bulk work (imports, generators), after the key is loaded once.</summary>
    public async Task<Func<string, string>> HashFunctionAsync(CancellationToken ct = default)
    {
        var key = _key ?? await LoadKeyAsync(ct);
        return value => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }

    private async Task<byte[]> LoadKeyAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_key is not null) return _key;
            var protector = protection.CreateProtector("Shegong.AppSecrets.v1");
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.ProtectedValue).SingleOrDefaultAsync(ct);
            if (stored is null)
            {
                var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                db.AppSecrets.Add(new AppSecret { Name = SecretName, ProtectedValue = protector.Protect(fresh) });
                try { await db.SaveChangesAsync(ct); stored = db.AppSecrets.Local.Single().ProtectedValue; }
                catch (DbUpdateException)
                {
                    // Another node created it first: use theirs.
                    db.ChangeTracker.Clear();
                    stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == SecretName).Select(s => s.ProtectedValue).SingleAsync(ct);
                }
            }
            _key = Convert.FromBase64String(protector.Unprotect(stored));
            return _key;
        }
        finally { _gate.Release(); }
    }
}

/// <summary>A deployment secret (e.g. the lookup-hash key), encrypted with Data Protection.</summary>
public sealed class AppSecret
{
    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// Deployment secrets (the field-encryption key, the lookup-hash key): 32 random bytes each, created once, kept in
/// the database encrypted with Data Protection (so every node shares them) and read once per process.
/// </summary>
public sealed class AppSecretStore(IServiceScopeFactory scopes, IDataProtectionProvider protection)
{
    private readonly ConcurrentDictionary<string, byte[]> _loaded = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Loading a secret may itself save (Data Protection writes its first key through the DbContext), and every save
    // prepares the field key: inside a load, that preparation must not wait for the gate this flow already holds.
    private static readonly AsyncLocal<bool> Loading = new();

    /// <summary>True while this async flow is loading a secret.</summary>
    public static bool IsLoading => Loading.Value;

    public bool TryGet(string name, out byte[] key) => _loaded.TryGetValue(name, out key!);

    public Task<byte[]> GetOrCreateAsync(string name, CancellationToken ct = default) =>
        _loaded.TryGetValue(name, out var key)
            ? Task.FromResult(key)
            // Off any synchronization context: creating the first Data Protection key saves synchronously through
            // EF (sync over async inside), which must not wait for a context this caller may be blocking.
            : Task.Run(() => LoadAsync(name, ct), ct);

    private async Task<byte[]> LoadAsync(string name, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        Loading.Value = true;
        try
        {
            if (_loaded.TryGetValue(name, out var key)) return key;
            var protector = protection.CreateProtector("Shegong.AppSecrets.v1");
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.ProtectedValue).SingleOrDefaultAsync(ct);
            if (stored is null)
            {
                // Plain SQL, not SaveChanges: a save would ask this store for the field key (and wait on this gate).
                // If another node created the secret first, its value wins and is read back.
                var fresh = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO app_secrets (name, protected_value) VALUES ({name}, {fresh}) ON CONFLICT (name) DO NOTHING", ct);
                stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.ProtectedValue).SingleAsync(ct);
            }
            key = Convert.FromBase64String(protector.Unprotect(stored));
            _loaded[name] = key;
            return key;
        }
        finally
        {
            Loading.Value = false;
            _gate.Release();
        }
    }
}

/// <summary>A deployment secret, encrypted with Data Protection.</summary>
public sealed class AppSecret
{
    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
}

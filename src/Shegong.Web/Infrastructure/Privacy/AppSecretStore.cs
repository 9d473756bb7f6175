using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// Deployment secrets (the field-encryption data keys, the lookup-hash key): 32 random bytes each, created once, kept
/// in the database wrapped by the <see cref="MasterKey"/> (AES-256-GCM, the secret's name as associated data), so
/// every node shares them and a dump alone opens none; read once per process. Secrets stored by the earlier scheme
/// (wrapped by Data Protection) are still read, and re-wrapped by the master key on first read.
/// </summary>
public sealed class AppSecretStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, MasterKey master)
{
    internal const string Prefix = "mk1:";
    private const string Purpose = "app-secrets";
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
            : Task.Run(async () => (await LoadAsync(name, create: () => RandomNumberGenerator.GetBytes(32), ct))!, ct);

    /// <summary>A secret that must exist (a data key named by a ciphertext): null when it does not.</summary>
    public Task<byte[]?> FindAsync(string name, CancellationToken ct = default) =>
        _loaded.TryGetValue(name, out var key) ? Task.FromResult<byte[]?>(key) : Task.Run(() => LoadAsync(name, create: null, ct), ct);

    /// <summary>Sets a secret's value (e.g. which data key is current), for every node; nodes that read it earlier keep their copy until restarted or <see cref="Forget"/>.</summary>
    public async Task SetAsync(string name, byte[] value, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var wrapped = WrapValue(name, value);
        if (await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE app_secrets SET protected_value = {wrapped} WHERE name = {name}", ct) == 0)
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO app_secrets (name, protected_value) VALUES ({name}, {wrapped})", ct);
        _loaded[name] = value;
    }

    /// <summary>Drops this process's copy of a secret, so that the next use reads it again.</summary>
    public void Forget(string name) => _loaded.TryRemove(name, out _);

    private string WrapValue(string name, byte[] value) => Prefix + Convert.ToBase64String(master.Wrap(Purpose, value, name));

    private async Task<byte[]?> LoadAsync(string name, Func<byte[]>? create, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        Loading.Value = true;
        try
        {
            if (_loaded.TryGetValue(name, out var key)) return key;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            var stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.ProtectedValue).SingleOrDefaultAsync(ct);
            if (stored is null)
            {
                if (create is null) return null;
                // Plain SQL, not SaveChanges: a save would ask this store for the field key (and wait on this gate).
                // If another node created the secret first, its value wins and is read back.
                var fresh = WrapValue(name, create());
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO app_secrets (name, protected_value) VALUES ({name}, {fresh}) ON CONFLICT (name) DO NOTHING", ct);
                stored = await db.AppSecrets.AsNoTracking().Where(s => s.Name == name).Select(s => s.ProtectedValue).SingleAsync(ct);
            }
            if (stored.StartsWith(Prefix, StringComparison.Ordinal))
                key = master.Unwrap(Purpose, Convert.FromBase64String(stored[Prefix.Length..]), name);
            else
            {
                // Wrapped by Data Protection before the master key existed: read once, re-wrapped by the master key
                // (only if nobody changed it meanwhile), so the database no longer holds it under a key it also holds.
                key = Convert.FromBase64String(protection.CreateProtector("Shegong.AppSecrets.v1").Unprotect(stored));
                var rewrapped = WrapValue(name, key);
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"UPDATE app_secrets SET protected_value = {rewrapped} WHERE name = {name} AND protected_value = {stored}", ct);
            }
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

/// <summary>A deployment secret, wrapped by the master key.</summary>
public sealed class AppSecret
{
    public string Name { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
}

using System.Security.Cryptography;
using System.Text;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// A keyed hash (HMAC-SHA256) of an identifier, so that "is this ID number already on file?" is an indexed
/// equality test on the hash, never a decryption of every row. The key is random per deployment (<see cref="AppSecretStore"/>).
/// </summary>
public sealed class LookupHasher(AppSecretStore secrets)
{
    private const string SecretName = "id-lookup-hmac";

    public async Task<string> HashAsync(string normalizedValue, CancellationToken ct = default)
    {
        var key = await secrets.GetOrCreateAsync(SecretName, ct);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalizedValue)));
    }

    /// <summary>A synchronous hash function for bulk work (imports, generators), after the key is loaded once.</summary>
    public async Task<Func<string, string>> HashFunctionAsync(CancellationToken ct = default)
    {
        var key = await secrets.GetOrCreateAsync(SecretName, ct);
        return value => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value)));
    }
}

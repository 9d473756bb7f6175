using System.Security.Cryptography;
using System.Text;

namespace Shegong.Web.Infrastructure.Privacy;

/// <summary>
/// The deployment's master key: 32+ random bytes in a file named by <c>Keys:File</c> (default <c>data/shegong.key</c>
/// beside the SQLite database), never in the database. Every other key is derived from it (HKDF-SHA256, one purpose
/// each) or wrapped by it: the Data Protection key ring (<see cref="MasterKeyXmlEncryptor"/>), the field-encryption
/// data keys and the ID-lookup HMAC key (<see cref="AppSecretStore"/>), the audit chain's MAC (<see cref="Audit.AuditMac"/>).
/// Several nodes read the same file. Outside Production a missing file is created (owner-only, 0600); in Production
/// it is a start-up error, so that a node never silently starts with a key of its own.
/// </summary>
public sealed class MasterKey
{
    public const string DefaultFile = "data/shegong.key";
    private readonly byte[] _secret;

    public string FilePath { get; }

    private MasterKey(byte[] secret, string path)
    {
        _secret = secret;
        FilePath = path;
    }

    /// <summary>A key made from bytes (tests, tools).</summary>
    public static MasterKey FromBytes(byte[] secret, string path = "") =>
        secret.Length >= 32 ? new MasterKey(secret, path) : throw new ArgumentException("A master key has at least 32 bytes.", nameof(secret));

    /// <summary>Reads (or, when <paramref name="createIfMissing"/>, creates) the key file.</summary>
    public static MasterKey Load(string path, bool createIfMissing)
    {
        if (!File.Exists(path))
        {
            if (!createIfMissing)
                throw new InvalidOperationException(
                    $"The master key file '{path}' does not exist. In Production it is never generated: create it once "
                    + "(e.g. `head -c 32 /dev/urandom | base64 > shegong.key; chmod 600 shegong.key`), give every node the same "
                    + "file, name it with Keys:File and back it up apart from the database (see docs/security.md). "
                    + "主密钥文件不存在：生产环境不会自动生成，请按 docs/security.md 配置 Keys:File。");
            Create(path);
        }
        var text = File.ReadAllText(path).Trim();
        byte[] secret;
        try { secret = Convert.FromBase64String(text); }
        catch (FormatException) { throw new InvalidOperationException($"The master key file '{path}' is not base64 text (32 or more random bytes, base64-encoded)."); }
        if (secret.Length < 32)
            throw new InvalidOperationException($"The master key file '{path}' holds {secret.Length} bytes; at least 32 random bytes are needed.");
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            Console.Error.WriteLine($"warning: the master key file '{path}' can be read or written by other users; make it owner-only (chmod 600).");
        return new MasterKey(secret, path);
    }

    private static void Create(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n";
        // Created owner-only from the start (no moment where another user could read it), and never over an existing file.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(Encoding.ASCII.GetBytes(text));
        }
        catch (IOException) when (File.Exists(path)) { } // another process created it first: its key is read
    }

    /// <summary>A 32-byte key for one purpose; the same on every node with the same file.</summary>
    public byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, 32, salt: [], info: Encoding.UTF8.GetBytes("Shegong/" + purpose));

    /// <summary>Seals <paramref name="plain"/> under the key of <paramref name="purpose"/> (AES-256-GCM, <paramref name="context"/> as associated data).</summary>
    public byte[] Wrap(string purpose, byte[] plain, string context)
    {
        var result = new byte[12 + plain.Length + 16];
        RandomNumberGenerator.Fill(result.AsSpan(0, 12));
        using var aes = new AesGcm(Derive(purpose), 16);
        aes.Encrypt(result.AsSpan(0, 12), plain, result.AsSpan(12, plain.Length), result.AsSpan(12 + plain.Length), Encoding.UTF8.GetBytes(context));
        return result;
    }

    /// <summary>Opens what <see cref="Wrap"/> sealed; throws <see cref="CryptographicException"/> under another key or context.</summary>
    public byte[] Unwrap(string purpose, byte[] sealedValue, string context)
    {
        if (sealedValue.Length < 28) throw new CryptographicException("The wrapped value is too short.");
        var plain = new byte[sealedValue.Length - 28];
        using var aes = new AesGcm(Derive(purpose), 16);
        aes.Decrypt(sealedValue.AsSpan(0, 12), sealedValue.AsSpan(12, plain.Length), sealedValue.AsSpan(12 + plain.Length), plain, Encoding.UTF8.GetBytes(context));
        return plain;
    }
}

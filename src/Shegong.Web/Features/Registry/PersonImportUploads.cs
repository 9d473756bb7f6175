using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Localization;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Excel;

namespace Shegong.Web.Features.Registry;

/// <summary>
/// Keeps an uploaded ledger file between its check and its import, and its check report for the error download, so
/// that a large file is uploaded once. The files hold ID numbers, so they are encrypted with Data Protection under a
/// purpose bound to the uploading user and station (nobody else can open them, even knowing the id), deleted after
/// the import, and swept after a day. They live in the node's temp folder: a check and its import go to one node.
/// </summary>
public static class PersonImportUploads
{
    public const long MaxBytes = 25L * 1024 * 1024; // under Kestrel's default request limit of 30,000,000 bytes
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>The checks on an uploaded file that come before reading it (null when fine).</summary>
    public static string? Check(IFormFile? file, IStringLocalizer l)
    {
        if (file is null || file.Length == 0 && string.IsNullOrEmpty(file.FileName)) return $"{l["Field.File"]}：{l["Import.NoFile"]}";
        if (file.Length == 0) return $"{l["Field.File"]}：{l["Import.EmptyFile"]}";
        if (file.Length > MaxBytes) return $"{l["Field.File"]}：{l["Import.TooLarge", MaxBytes / 1024 / 1024]}";
        if (FormatOf(file.FileName) is null) return $"{l["Field.File"]}：{l["Import.NotXlsx", file.FileName]}";
        return null;
    }

    /// <summary>.xlsx, .xls or .csv by the file's name (the reader then trusts the file's first bytes over its name).</summary>
    public static SheetFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xlsx" => SheetFormat.Xlsx,
        ".xls" => SheetFormat.Xls,
        ".csv" => SheetFormat.Csv,
        _ => null,
    };

    /// <summary>The reading options of an upload: its format, the CSV encoding chosen ("utf-8", "gb18030"; else detected), the row limit.</summary>
    public static LedgerReadOptions Options(string fileName, string? encoding, IConfiguration config) =>
        new(FormatOf(fileName) ?? SheetFormat.Xlsx, encoding is "utf-8" or "gb18030" ? encoding : null,
            config.GetValue("Import:MaxRows", LedgerReadOptions.DefaultMaxRows));

    public sealed class Handler(IDataProtectionProvider protection, IAuditContext who, ShegongDbContext db)
    {
        internal static readonly string Folder = Path.Combine(Path.GetTempPath(), "shegong-person-imports");
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        private IDataProtector Protector => protection.CreateProtector("Shegong.PersonImportUploads.v1", $"{who.UserId}:{db.Scope.StationId}");

        /// <summary>Stores the file and returns its id (random, 32 hex digits).</summary>
        public async Task<string> SaveAsync(Stream file, CancellationToken ct = default)
        {
            Directory.CreateDirectory(Folder);
            Sweep();
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            await File.WriteAllBytesAsync(PathOf(id, "xlsx"), Protector.Protect(copy.ToArray()), ct);
            return id;
        }

        /// <summary>Stores the file with the options it is to be read with (kept beside it for the import).</summary>
        public async Task<string> SaveAsync(Stream file, LedgerReadOptions options, CancellationToken ct = default)
        {
            var id = await SaveAsync(file, ct);
            await File.WriteAllBytesAsync(PathOf(id, "options"), Protector.Protect(JsonSerializer.SerializeToUtf8Bytes(options, Json)), ct);
            return id;
        }

        /// <summary>The options a file was stored with (an .xlsx read by default when none were stored).</summary>
        public async Task<LedgerReadOptions> OptionsAsync(string? id, CancellationToken ct = default) =>
            await ReadAsync(id, "options", ct) is { } bytes ? JsonSerializer.Deserialize<LedgerReadOptions>(bytes, Json)! : new LedgerReadOptions(SheetFormat.Xlsx);

        /// <summary>The stored file, or null when it is gone, expired or not the caller's.</summary>
        public async Task<Stream?> OpenAsync(string? id, CancellationToken ct = default) =>
            await ReadAsync(id, "xlsx", ct) is { } bytes ? new MemoryStream(bytes, writable: false) : null;

        public async Task SaveReportAsync(string id, ImportPersons.Report report, CancellationToken ct = default) =>
            await File.WriteAllBytesAsync(PathOf(id, "report"), Protector.Protect(JsonSerializer.SerializeToUtf8Bytes(report, Json)), ct);

        public async Task<ImportPersons.Report?> LoadReportAsync(string? id, CancellationToken ct = default) =>
            await ReadAsync(id, "report", ct) is { } bytes ? JsonSerializer.Deserialize<ImportPersons.Report>(bytes, Json) : null;

        /// <summary>Lines the full report on disk holds at most (an .xlsx sheet holds 1,048,576 rows); beyond it they are counted.</summary>
        public const int MaxLoggedErrors = 1_000_000;

        /// <summary>
        /// The full report of a check, written to disk as the problems are found (encrypted: AES with a key of its own,
        /// protected like the file), so that no problem is lost to the page's cap and none is held in memory.
        /// </summary>
        public ErrorLog CreateErrorLog(string id, IStringLocalizer l)
        {
            Directory.CreateDirectory(Folder);
            var aes = Aes.Create();
            aes.GenerateKey();
            aes.GenerateIV();
            File.WriteAllBytes(PathOf(id, "errkey"), Protector.Protect([.. aes.Key, .. aes.IV]));
            var file = new FileStream(PathOf(id, "errors"), FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            return new ErrorLog(new StreamWriter(new CryptoStream(file, aes.CreateEncryptor(), CryptoStreamMode.Write), new System.Text.UTF8Encoding(false)), aes)
            {
                HeldBackMessage = l["Import.HeldBack"], OverMessage = l["Import.LogOver"],
            };
        }

        /// <summary>The lines of a check's full report (row 0 for the line that counts what was not logged), or null when there is none.</summary>
        public IEnumerable<(int Row, string Column, string Message)>? ReadErrorLog(string? id)
        {
            if (!IsId(id)) return null;
            var path = PathOf(id!, "errors");
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < DateTime.UtcNow - KeptFor) return null;
            byte[] keyAndIv;
            try { keyAndIv = Protector.Unprotect(File.ReadAllBytes(PathOf(id!, "errkey"))); }
            catch (Exception e) when (e is CryptographicException or IOException) { return null; }
            return Lines(path, keyAndIv);

            static IEnumerable<(int, string, string)> Lines(string path, byte[] keyAndIv)
            {
                using var aes = Aes.Create();
                aes.Key = keyAndIv[..32];
                aes.IV = keyAndIv[32..];
                using var reader = new StreamReader(new CryptoStream(File.OpenRead(path), aes.CreateDecryptor(), CryptoStreamMode.Read));
                while (reader.ReadLine() is { } line)
                {
                    var parts = line.Split('\t', 3);
                    if (parts.Length == 3 && int.TryParse(parts[0], out var row)) yield return (row, parts[1], parts[2]);
                }
            }
        }

        public sealed class ErrorLog(StreamWriter writer, Aes aes) : ImportPersons.IErrorLog, IDisposable
        {
            private int _lines, _over;
            public string? HeldBackMessage { get; set; }
            public string? OverMessage { get; set; }

            public void Error(ImportPersons.RowError e) => Line(e.Row, e.Column, e.Message);

            public void HeldBack(IReadOnlyList<int> rows)
            {
                foreach (var r in rows) Line(r, PersonSheet.Of(PersonSheet.Col.HouseholdNo).Header, HeldBackMessage ?? "");
            }

            private void Line(int row, string column, string message)
            {
                if (_lines >= MaxLoggedErrors) { _over++; return; }
                _lines++;
                writer.Write(row.ToString(System.Globalization.CultureInfo.InvariantCulture));
                writer.Write('\t');
                writer.Write(Clean(column));
                writer.Write('\t');
                writer.WriteLine(Clean(message));
            }

            private static string Clean(string s) => s.IndexOfAny(['\t', '\n', '\r']) < 0 ? s : s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');

            public void Dispose()
            {
                if (_over > 0 && OverMessage is not null) writer.WriteLine($"0\t\t{string.Format(System.Globalization.CultureInfo.InvariantCulture, OverMessage, _over, MaxLoggedErrors)}");
                writer.Dispose();
                aes.Dispose();
            }
        }

        /// <summary>An update's preview, kept for its confirmation (the versions it saw are checked then).</summary>
        public async Task SavePreviewAsync(string id, UpdatePersonsFromLedger.Preview preview, CancellationToken ct = default) =>
            await File.WriteAllBytesAsync(PathOf(id, "preview"), Protector.Protect(JsonSerializer.SerializeToUtf8Bytes(preview, Json)), ct);

        public async Task<UpdatePersonsFromLedger.Preview?> LoadPreviewAsync(string? id, CancellationToken ct = default) =>
            await ReadAsync(id, "preview", ct) is { } bytes ? JsonSerializer.Deserialize<UpdatePersonsFromLedger.Preview>(bytes, Json) : null;

        /// <summary>After the import the file is no longer needed (the report stays for its download until swept).</summary>
        public void DeleteFile(string id)
        {
            if (IsId(id)) TryDelete(PathOf(id, "xlsx"));
        }

        /// <summary>
        /// An import of this upload has begun: a marker on disk (no content) until it ends, either way. A marker found
        /// with no job running means the host stopped in the middle (a crash, kill -9): the import's transaction never
        /// committed, and the page says that nothing was imported.
        /// </summary>
        public void MarkRunning(string id)
        {
            if (!IsId(id)) return;
            Directory.CreateDirectory(Folder);
            File.WriteAllText(PathOf(id, "running"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public void ClearRunning(string id)
        {
            if (IsId(id)) TryDelete(PathOf(id, "running"));
        }

        /// <summary>Whether an import of this upload was cut off by the host stopping (see <see cref="MarkRunning"/>).</summary>
        public static bool WasInterrupted(string? id) => IsId(id) && File.Exists(PathOf(id!, "running"));

        /// <summary>A new check of an upload: the full report of an earlier one no longer applies.</summary>
        public void DeleteErrorLog(string id)
        {
            if (!IsId(id)) return;
            TryDelete(PathOf(id, "errors"));
            TryDelete(PathOf(id, "errkey"));
        }

        private async Task<byte[]?> ReadAsync(string? id, string kind, CancellationToken ct)
        {
            if (!IsId(id)) return null;
            var path = PathOf(id!, kind);
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < DateTime.UtcNow - KeptFor) return null;
            try { return Protector.Unprotect(await File.ReadAllBytesAsync(path, ct)); }
            catch (CryptographicException) { return null; } // another user's upload, or keys rotated away
            catch (IOException) { return null; }
        }

        private static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

        private static string PathOf(string id, string kind) => Path.Combine(Folder, $"{id}.{kind}");

        private static void Sweep()
        {
            foreach (var path in Directory.EnumerateFiles(Folder))
                if (File.GetLastWriteTimeUtc(path) < DateTime.UtcNow - KeptFor) TryDelete(path);
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (IOException) { } // in use by a concurrent request: the next sweep takes it
            catch (UnauthorizedAccessException) { }
        }
    }
}

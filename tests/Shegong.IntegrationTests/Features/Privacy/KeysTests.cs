using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Privacy;

/// <summary>
/// The master key lives in a file, not in the database: the Data Protection key ring is stored encrypted with it (no
/// start-up warning), the data keys are wrapped by it, Production refuses to start without it, and a ciphertext
/// moved to another row or column does not open.
/// </summary>
public sealed class KeysTests(AppFixture app)
{
    private async Task<List<string>> ColumnAsync(string sql)
    {
        using var scope = app.Scope();
        var connection = scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString()!);
        return values;
    }

    private async Task SqlAsync(FormattableString sql)
    {
        using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlInterpolatedAsync(sql);
    }

    [Fact]
    public void The_key_file_is_made_owner_only_outside_the_database()
    {
        File.Exists(app.KeyFile).ShouldBeTrue();
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(app.KeyFile).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Convert.FromBase64String(File.ReadAllText(app.KeyFile).Trim()).Length.ShouldBeGreaterThanOrEqualTo(32);
    }

    [Fact]
    public async Task The_key_ring_and_the_data_keys_are_stored_wrapped_by_the_master_key()
    {
        using (var scope = app.Scope()) scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        var ring = await ColumnAsync("SELECT xml FROM data_protection_keys");
        ring.ShouldNotBeEmpty();
        ring.ShouldAllBe(x => x.Contains("<encryptedSecret") && x.Contains("MasterKeyXmlDecryptor") && !x.Contains("<masterKey"));
        var secrets = await ColumnAsync("SELECT protected_value FROM app_secrets");
        secrets.ShouldNotBeEmpty();
        secrets.ShouldAllBe(v => v.StartsWith("mk1:"));
    }

    [Fact]
    public async Task A_fresh_database_starts_without_the_unencrypted_key_warning()
    {
        var connection = await app.ScratchDatabaseAsync("keys_warning_" + Guid.NewGuid().ToString("N")[..6]);
        var logs = new CapturingLogs();
        await using var factory = app.CreateFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Shegong"] = connection,
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Information",
            })
            .WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.MigrateAsync();
            // The first protection creates the first key (what the first sign-in or form does).
            scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        }
        logs.Messages.ShouldContain(m => m.Contains("Creating key"), "the key ring was created here");
        logs.Messages.ShouldNotContain(m => m.Contains("unencrypted", StringComparison.OrdinalIgnoreCase));

        // The same with Data Protection as it was (no encryptor) warns: this test would see the warning.
        var plain = new CapturingLogs();
        var folder = Directory.CreateTempSubdirectory("shegong-dp-");
        using (var sp = new ServiceCollection().AddLogging(l => l.AddProvider(plain)).AddDataProtection().PersistKeysToFileSystem(folder).Services.BuildServiceProvider())
            sp.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("x");
        plain.Messages.ShouldContain(m => m.Contains("unencrypted", StringComparison.OrdinalIgnoreCase));
        folder.Delete(true);
    }

    [Fact]
    public async Task With_a_certificate_named_the_key_ring_is_encrypted_with_the_certificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Shegong test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(Path.GetTempPath(), "shegong-cert-" + Guid.NewGuid().ToString("N")[..6] + ".pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pw"));
        try
        {
            var connection = await app.ScratchDatabaseAsync("keys_cert_" + Guid.NewGuid().ToString("N")[..6]);
            await using var factory = app.CreateFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Shegong"] = connection, ["Keys:CertificatePath"] = path, ["Keys:CertificatePassword"] = "pw",
            });
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            await db.Database.MigrateAsync();
            var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            protector.Unprotect(protector.Protect("x")).ShouldBe("x");
            var ring = await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
            ring.ShouldNotBeEmpty();
            ring.ShouldAllBe(x => x.Contains("<encryptedSecret") && x.Contains("EncryptedXmlDecryptor") && !x.Contains("<masterKey"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Production_without_the_key_file_does_not_start()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")[..6], "shegong.key");
        await using var factory = app.CreateFactory(new Dictionary<string, string?> { ["Keys:File"] = missing })
            .WithWebHostBuilder(b => b.UseEnvironment("Production"));
        var error = Should.Throw<Exception>(() => factory.Services);
        error.ToString().ShouldContain($"The master key file '{missing}' does not exist");
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task A_value_copied_to_another_row_or_column_does_not_open()
    {
        using var worker = await app.ClientAsAsync("worker");
        var a = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(RegistryApi.NewId()) with { Phone = "13911110001" }));
        var b = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(RegistryApi.NewId()) with { Phone = "13922220002" }));
        (await RegistryApi.GetAsync(worker, b, reveal: true)).Phone.ShouldBe("13922220002");
        var phoneOfA = (await ColumnAsync($"SELECT phone FROM persons WHERE id = '{Id(a)}'")).Single();
        phoneOfA.ShouldStartWith("e2.");

        var phoneOfB = (await ColumnAsync($"SELECT phone FROM persons WHERE id = '{Id(b)}'")).Single();
        var emergencyOfA = (await ColumnAsync($"SELECT emergency_contact_phone FROM persons WHERE id = '{Id(a)}'")).Single();
        try
        {
            // A's phone ciphertext pasted into B's row: B's phone does not read as A's.
            await SqlAsync($"UPDATE persons SET phone = {phoneOfA} WHERE id = {Key(b)}");
            var moved = await Should.ThrowAsync<Exception>(() => LoadAsync(b));
            moved.ShouldBeAssignableTo<CryptographicException>();
            moved.Message.ShouldContain("sealed for another row");

            // …and into another column of A's own row: it does not open at all.
            await SqlAsync($"UPDATE persons SET emergency_contact_phone = {phoneOfA} WHERE id = {Key(a)}");
            (await Should.ThrowAsync<Exception>(() => LoadAsync(a))).ShouldBeAssignableTo<CryptographicException>();
        }
        finally
        {
            // Put back, so that later tests (rotate-keys) read every row.
            await SqlAsync($"UPDATE persons SET phone = {phoneOfB} WHERE id = {Key(b)}");
            await SqlAsync($"UPDATE persons SET emergency_contact_phone = {emergencyOfA} WHERE id = {Key(a)}");
        }
        await LoadAsync(a);
        await LoadAsync(b);
    }

    private async Task LoadAsync(Guid id)
    {
        using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Persons.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == id);
    }

    // Guids as each provider stores them (SQLite: upper-case text).
    private string Id(Guid id) => app.IsPostgres ? id.ToString() : id.ToString().ToUpperInvariant();
    private object Key(Guid id) => app.IsPostgres ? id : id.ToString().ToUpperInvariant();

    [Fact]
    public async Task A_value_of_the_unbound_version_1_still_reads()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterNewAsync(worker);
        byte[] key;
        using (var scope = app.Scope())
            key = await scope.ServiceProvider.GetRequiredService<AppSecretStore>().GetOrCreateAsync("field-key-1");
        await SqlAsync($"UPDATE persons SET phone = {SealV1(key, "13733334444")} WHERE id = {Key(person)}");
        (await RegistryApi.GetAsync(worker, person, reveal: true)).Phone.ShouldBe("13733334444");
    }

    /// <summary>What the earlier version wrote: "e1." + nonce, cipher text, tag under data key 1, no associated data.</summary>
    internal static string SealV1(byte[] key, string plain)
    {
        var data = System.Text.Encoding.UTF8.GetBytes(plain);
        var sealedValue = new byte[12 + data.Length + 16];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(sealedValue.AsSpan(0, 12), data, sealedValue.AsSpan(12, data.Length), sealedValue.AsSpan(12 + data.Length));
        return "e1." + Convert.ToBase64String(sealedValue);
    }

    internal sealed class CapturingLogs : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(CapturingLogs owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue(formatter(state, exception));
        }
    }
}

using System.Data.Common;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Privacy;

/// <summary>Sensitive columns hold ciphertext, never the value; values of the earlier scheme stay readable.</summary>
public sealed class FieldEncryptionTests(AppFixture app)
{
    private async Task<string?> RawAsync(string sql)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    [Fact]
    public async Task Id_numbers_phones_health_and_visit_notes_are_stored_encrypted()
    {
        using var worker = await app.ClientAsAsync("worker");
        var id = RegistryApi.NewId();
        var person = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(id) with { Phone = "13912345678" }));
        var all = await RawAsync($"SELECT count(*) FROM persons WHERE id_number LIKE '%{id.Value}%' OR phone LIKE '%13912345678%'");
        all.ShouldBe("0");
        var encrypted = await RawAsync("SELECT count(*) FROM persons WHERE id_number IS NOT NULL AND id_number NOT LIKE 'e2.%' AND id_number NOT LIKE 'e1.%' AND id_number NOT LIKE 'CfDJ8%'");
        encrypted.ShouldBe("0");
        (await RegistryApi.GetAsync(worker, person, reveal: true)).IdNumber.ShouldBe(id.Value);
    }

    [Fact]
    public void A_value_of_the_earlier_data_protection_scheme_is_still_read()
    {
        using var scope = app.Scope();
        var legacy = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Shegong.SensitiveFields.v1").Protect("11010519491231002X");
        var protector = scope.ServiceProvider.GetRequiredService<IFieldProtector>();
        var column = new FieldColumn("persons", "id_number");
        protector.Unprotect(legacy, column, out var unbound).ShouldBe("11010519491231002X");
        unbound.ShouldBeNull();
        var sealedValue = protector.Protect("11010519491231002X", column, "row-1");
        sealedValue.ShouldStartWith("e2.");
        sealedValue.ShouldNotBe(protector.Protect("11010519491231002X", column, "row-1")); // a fresh nonce every time
        protector.Unprotect(sealedValue, column, out var row).ShouldBe("11010519491231002X");
        row.ShouldBe("row-1");
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(sealedValue[..^4] + "AAAA", column, out _));
        // Bound to its column: the same ciphertext in another column does not open.
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => protector.Unprotect(sealedValue, new FieldColumn("persons", "phone"), out _));
    }
}

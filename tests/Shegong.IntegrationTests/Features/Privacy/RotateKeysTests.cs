using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Data;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.IntegrationTests.Features.Privacy;

/// <summary>
/// rotate-keys re-encrypts every sensitive value under a new data key, bound to its place — values of the unbound
/// version 1 included — and a run stopped half-way (as by a crash) is continued by the next run with the same key.
/// </summary>
public sealed class RotateKeysTests(AppFixture app)
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

    /// <summary>Every stored sensitive text value of the persons and visits, and whether the current key sealed it for its place.</summary>
    private async Task<(int Current, int Other)> CountAsync(IFieldProtector fields)
    {
        var values = new List<string>();
        values.AddRange(await ColumnAsync("SELECT phone FROM persons"));
        values.AddRange(await ColumnAsync("SELECT id_number FROM persons WHERE id_number IS NOT NULL"));
        values.AddRange(await ColumnAsync("SELECT health FROM persons"));
        values.AddRange(await ColumnAsync("SELECT record FROM visits"));
        values.RemoveAll(v => v.Length == 0);
        var current = values.Count(fields.IsCurrent);
        return (current, values.Count - current);
    }

    [Fact]
    public async Task A_rotation_stopped_half_way_is_continued_and_every_value_still_reads()
    {
        using var worker = await app.ClientAsAsync("worker");
        var person = await RegistryApi.RegisterAsync(worker, RegistryApi.Request(RegistryApi.Details(RegistryApi.NewId()) with { Phone = "13755556666" }));
        var before = await RegistryApi.GetAsync(worker, person, reveal: true);
        // One value as the earlier version wrote it (no place, data key 1).
        using (var scope = app.Scope())
        {
            var key1 = await scope.ServiceProvider.GetRequiredService<AppSecretStore>().GetOrCreateAsync("field-key-1");
            var legacy = KeysTests.SealV1(key1, "13755556666");
            object id = app.IsPostgres ? person : person.ToString().ToUpperInvariant();
            await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Database.ExecuteSqlInterpolatedAsync($"UPDATE persons SET phone = {legacy} WHERE id = {id}");
        }

        var rotate = app.Factory.Services.GetRequiredService<RotateKeys>();
        var fields = app.Factory.Services.GetRequiredService<IFieldProtector>();
        var log = new StringWriter();
        var first = await rotate.RunAsync(new RotateKeys.Options(BatchSize: 2, StopAfterBatches: 1), log);
        first.Complete.ShouldBeFalse();
        first.Rewritten.ShouldBeInRange(1, 2);
        var (doneHalf, leftHalf) = await CountAsync(fields);
        leftHalf.ShouldBeGreaterThan(0, "the stopped run left values for the next");
        (await ColumnAsync($"SELECT name FROM app_secrets WHERE name = '{RotateKeys.ProgressName}'")).Count.ShouldBe(1, "the progress is on file");

        // Writes between the runs already use the new key.
        var during = await RegistryApi.RegisterNewAsync(worker);
        (await ColumnAsync($"SELECT phone FROM persons WHERE id = '{(app.IsPostgres ? during.ToString() : during.ToString().ToUpperInvariant())}'")).Single()
            .ShouldSatisfyAllConditions(v => fields.IsCurrent(v).ShouldBeTrue());

        var second = await rotate.RunAsync(new RotateKeys.Options(), log);
        second.Complete.ShouldBeTrue(log.ToString());
        second.Key.ShouldBe(first.Key, "the second run continued the first one's key");
        log.ToString().ShouldContain($"Continuing the rotation to data key {first.Key}");
        var (done, left) = await CountAsync(fields);
        left.ShouldBe(0);
        done.ShouldBeGreaterThan(doneHalf);
        (await ColumnAsync($"SELECT name FROM app_secrets WHERE name = '{RotateKeys.ProgressName}'")).ShouldBeEmpty();

        // The values are what they were; photos, claims and donors of other tests read too.
        var after = await RegistryApi.GetAsync(worker, person, reveal: true);
        after.Phone.ShouldBe("13755556666");
        after.IdNumber.ShouldBe(before.IdNumber);
        using (var scope = app.Scope())
        {
            scope.ServiceProvider.GetRequiredService<Shegong.Web.Infrastructure.Auth.ScopeProvider>().Override = Shegong.Domain.Access.DataScope.System;
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            (await db.Persons.AsNoTracking().CountAsync()).ShouldBeGreaterThan(0);
            await db.Persons.AsNoTracking().ToListAsync();
            await db.Visits.AsNoTracking().ToListAsync();
            await db.WishPhotos.AsNoTracking().ToListAsync();
            await db.Claims.AsNoTracking().ToListAsync();
            await db.Donors.AsNoTracking().ToListAsync();
        }
    }
}

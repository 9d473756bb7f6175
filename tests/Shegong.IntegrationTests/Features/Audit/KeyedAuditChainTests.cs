using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.IntegrationTests.Features.Registry;
using Shegong.IntegrationTests.Infrastructure;
using Shegong.Web.Infrastructure.Commands;
using Shegong.Web.Infrastructure.Data;

namespace Shegong.IntegrationTests.Features.Audit;

/// <summary>
/// The attacks of a database writer who has no key file, each found by verify-audit: an edit followed by a full
/// re-hash (plain SHA-256) of the entries after it and of the head, a deleted entry, a tail cut off with the head
/// rewound to an earlier genuine state, two entries swapped. On PostgreSQL the table itself refuses UPDATE and DELETE.
/// </summary>
public sealed class KeyedAuditChainTests(AppFixture app)
{
    private async Task<(int Exit, string Error)> VerifyAsync()
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try { return (await ShegongCommands.VerifyAuditAsync(db), error.ToString()); }
        finally { Console.SetError(original); }
    }

    /// <summary>SQL as the attacker runs it: on PostgreSQL as the table's owner, who can switch the append-only trigger off first.</summary>
    private async Task TamperAsync(params FormattableString[] statements)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (app.IsPostgres) await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER USER");
        foreach (var sql in statements) await db.Database.ExecuteSqlInterpolatedAsync(sql);
        if (app.IsPostgres) await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries ENABLE TRIGGER USER");
        await transaction.CommitAsync();
    }

    private async Task<string> ChainOfAsync(string userName)
    {
        using var scope = app.Scope();
        var user = await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().Users.SingleAsync(u => u.UserName == userName);
        return AuditChains.KeyFor(DataScope.ForStation(user.StationId!.Value, user.RegionPrefix));
    }

    private async Task<List<AuditEntry>> EntriesAsync(string chain)
    {
        using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Chain == chain).OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task<(long Sequence, string Hash, string Mac)> HeadAsync(string chain)
    {
        using var scope = app.Scope();
        var h = await scope.ServiceProvider.GetRequiredService<ShegongDbContext>().AuditHeads.AsNoTracking().SingleAsync(h => h.Chain == chain);
        return (h.LastSequence, h.LastHash, h.Mac);
    }

    /// <summary>Runs a tampering on worker's chain (made longer first) and puts the chain back as it was afterwards.</summary>
    private async Task OnWorkersChainAsync(Func<string, List<AuditEntry>, Task> attack)
    {
        using var worker = await app.ClientAsAsync("worker");
        for (var i = 0; i < 3; i++) await RegistryApi.RegisterNewAsync(worker);
        var chain = await ChainOfAsync("worker");
        (await VerifyAsync()).Exit.ShouldBe(0);
        var entries = await EntriesAsync(chain);
        entries.Count.ShouldBeGreaterThanOrEqualTo(6);
        // Names of this test's own making (the chain key is "station:" and a Guid), not input.
        var bk = "audit_bk_" + Guid.NewGuid().ToString("N")[..6];
        await TamperRawAsync(
            $"CREATE TABLE {bk} AS SELECT * FROM audit_entries WHERE chain = '{chain}'",
            $"CREATE TABLE {bk}_head AS SELECT * FROM audit_heads WHERE chain = '{chain}'");
        try { await attack(chain, entries); }
        finally
        {
            await TamperRawAsync(
                $"DELETE FROM audit_entries WHERE chain = '{chain}'",
                $"INSERT INTO audit_entries SELECT * FROM {bk}",
                $"DELETE FROM audit_heads WHERE chain = '{chain}'",
                $"INSERT INTO audit_heads SELECT * FROM {bk}_head",
                $"DROP TABLE {bk}",
                $"DROP TABLE {bk}_head");
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    private async Task TamperRawAsync(params string[] statements)
    {
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (app.IsPostgres) await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries DISABLE TRIGGER USER");
        foreach (var sql in statements) await db.Database.ExecuteSqlRawAsync(sql);
        if (app.IsPostgres) await db.Database.ExecuteSqlRawAsync("ALTER TABLE audit_entries ENABLE TRIGGER USER");
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task An_edit_rehashed_to_the_head_with_plain_sha256_is_detected() => await OnWorkersChainAsync(async (chain, entries) =>
    {
        var target = entries.Count / 2;
        // What the issue's attacker did: change entry `target`, recompute every hash after it and the head.
        var previous = entries[target - 2].Hash;
        var statements = new List<FormattableString>();
        foreach (var e in entries.Skip(target - 1))
        {
            var details = e.Sequence == target ? e.Details + " (edited)" : e.Details;
            var forged = AuditEntry.Append(e.Chain, e.Sequence, previous, e.TimestampUtc, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId,
                e.StationId, e.RegionPrefix, e.IpAddress, details);
            statements.Add($"UPDATE audit_entries SET details = {details}, previous_hash = {previous}, hash = {forged.Hash} WHERE chain = {chain} AND sequence = {e.Sequence}");
            previous = forged.Hash;
        }
        statements.Add($"UPDATE audit_heads SET last_hash = {previous} WHERE chain = {chain}");
        await TamperAsync([.. statements]);
        var (exit, error) = await VerifyAsync();
        exit.ShouldBe(1);
        error.ShouldContain($"Audit chain {chain} BROKEN at entry {target}: content does not match its hash");
    });

    [Fact]
    public async Task An_edit_rehashed_from_the_first_entry_is_detected_by_the_head_signature() => await OnWorkersChainAsync(async (chain, entries) =>
    {
        // Every entry re-hashed unkeyed from the first: the chain looks like one of before keys, but its head is signed.
        var previous = AuditEntry.GenesisHash;
        var statements = new List<FormattableString>();
        foreach (var e in entries)
        {
            var details = e.Sequence == 1 ? e.Details + " (edited)" : e.Details;
            var forged = AuditEntry.Append(e.Chain, e.Sequence, previous, e.TimestampUtc, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId,
                e.StationId, e.RegionPrefix, e.IpAddress, details);
            statements.Add($"UPDATE audit_entries SET details = {details}, previous_hash = {previous}, hash = {forged.Hash} WHERE chain = {chain} AND sequence = {e.Sequence}");
            previous = forged.Hash;
        }
        statements.Add($"UPDATE audit_heads SET last_hash = {previous}, mac = '' WHERE chain = {chain}");
        await TamperAsync([.. statements]);
        var (exit, error) = await VerifyAsync();
        exit.ShouldBe(1);
        // The last verify-audit's checkpoint sees the rewritten last entry; without it, the unsigned head shows (unit tests).
        error.ShouldContain($"Audit chain {chain} BROKEN at entry {entries.Count}: ");
        error.ShouldMatch(@"(?s).*(does not match the checkpoint|the head is not signed with the audit key).*");
    });

    [Fact]
    public async Task A_deleted_entry_is_detected() => await OnWorkersChainAsync(async (chain, entries) =>
    {
        var target = entries.Count / 2;
        await TamperAsync($"DELETE FROM audit_entries WHERE chain = {chain} AND sequence = {target}");
        var (exit, error) = await VerifyAsync();
        exit.ShouldBe(1);
        error.ShouldContain($"Audit chain {chain} BROKEN at entry {target}: missing: expected entry {target}");
    });

    [Fact]
    public async Task A_cut_tail_with_the_head_rewound_to_an_earlier_genuine_one_is_detected_by_the_checkpoint()
    {
        using var worker = await app.ClientAsAsync("worker");
        await RegistryApi.RegisterNewAsync(worker);
        var chain = await ChainOfAsync("worker");
        // The attacker kept an earlier head row (a backup, an earlier dump): genuine, signed.
        var earlier = await HeadAsync(chain);
        await RegistryApi.RegisterNewAsync(worker);
        await RegistryApi.RegisterNewAsync(worker);
        var now = await HeadAsync(chain);
        now.Sequence.ShouldBeGreaterThan(earlier.Sequence);
        (await VerifyAsync()).Exit.ShouldBe(0); // …which writes a checkpoint of every head outside the database

        await OnWorkersChainAsync(async (chain2, entries) =>
        {
            chain2.ShouldBe(chain);
            await TamperAsync(
                $"DELETE FROM audit_entries WHERE chain = {chain} AND sequence > {earlier.Sequence}",
                $"UPDATE audit_heads SET last_sequence = {earlier.Sequence}, last_hash = {earlier.Hash}, mac = {earlier.Mac} WHERE chain = {chain}");
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"Audit chain {chain} BROKEN at entry {earlier.Sequence + 1}: missing: the checkpoint of");
        });
    }

    [Fact]
    public async Task Two_swapped_entries_are_detected() => await OnWorkersChainAsync(async (chain, entries) =>
    {
        var a = entries.Count / 2;
        await TamperAsync(
            $"UPDATE audit_entries SET sequence = -1 WHERE chain = {chain} AND sequence = {a}",
            $"UPDATE audit_entries SET sequence = {a} WHERE chain = {chain} AND sequence = {a + 1}",
            $"UPDATE audit_entries SET sequence = {a + 1} WHERE chain = {chain} AND sequence = -1");
        var (exit, error) = await VerifyAsync();
        exit.ShouldBe(1);
        error.ShouldContain($"Audit chain {chain} BROKEN at entry {a}");
    });

    [Fact]
    public async Task On_postgres_the_audit_table_refuses_update_and_delete()
    {
        Assert.SkipUnless(app.IsPostgres, "The append-only trigger is PostgreSQL's (SQLite has no roles; the keyed MAC covers both).");
        using var worker = await app.ClientAsAsync("worker");
        await RegistryApi.RegisterNewAsync(worker);
        var chain = await ChainOfAsync("worker");
        using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
        var update = await Should.ThrowAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync($"UPDATE audit_entries SET details = 'x' WHERE chain = {chain}"));
        update.SqlState.ShouldBe("42501");
        update.MessageText.ShouldContain("append-only");
        (await Should.ThrowAsync<PostgresException>(() => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM audit_entries WHERE chain = {chain}"))).SqlState.ShouldBe("42501");
        (await Should.ThrowAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"))).SqlState.ShouldBe("42501");
        // Appending still works: the save above wrote its entries, and the chain verifies.
        (await VerifyAsync()).Exit.ShouldBe(0);
    }

    [Fact]
    public async Task A_chain_of_before_the_key_is_signed_once_by_migrate_and_then_verifies_as_it_was()
    {
        // A chain written before keys: unkeyed entries and a head without a signature.
        var chain = "region:9" + Random.Shared.Next(10000, 99999);
        var first = AuditEntry.Append(chain, 1, AuditEntry.GenesisHash, DateTime.UtcNow, null, "system", AuditAction.Create, "Region", "r1", null, "", "", "");
        var second = AuditEntry.Append(chain, 2, first.Hash, DateTime.UtcNow, null, "system", AuditAction.Update, "Region", "r1", null, "", "", "Name");
        using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShegongDbContext>();
            db.AuditEntries.AddRange(first, second);
            db.AuditHeads.Add(new Shegong.Web.Infrastructure.Audit.AuditHead { Chain = chain, LastSequence = 2, LastHash = second.Hash, Mac = "" });
            await db.SaveChangesAsync();
        }
        try
        {
            var (exit, error) = await VerifyAsync();
            exit.ShouldBe(1);
            error.ShouldContain($"Audit chain {chain} BROKEN at entry 2: the head is not signed with the audit key");
            using (var scope = app.Scope())
                (await Shegong.Web.Infrastructure.Audit.AuditSeal.SealUnsignedHeadsAsync(scope.ServiceProvider.GetRequiredService<ShegongDbContext>(), TextWriter.Null)).ShouldBe(1);
            (await VerifyAsync()).Exit.ShouldBe(0);
            // Once signed, the unkeyed prefix is anchored: an edit re-hashed with SHA-256 shows at the head.
            var forged = AuditEntry.Append(chain, 2, first.Hash, second.TimestampUtc, null, "system", AuditAction.Update, "Region", "r1", null, "", "", "Name,Code");
            await TamperAsync(
                $"UPDATE audit_entries SET details = {"Name,Code"}, hash = {forged.Hash} WHERE chain = {chain} AND sequence = 2",
                $"UPDATE audit_heads SET last_hash = {forged.Hash} WHERE chain = {chain}");
            (await VerifyAsync()).Error.ShouldContain($"Audit chain {chain} BROKEN at entry 2");
        }
        finally
        {
            // Put back as it was (not removed: a checkpoint of it may be on file now, and a chain gone would be a break).
            await TamperAsync(
                $"UPDATE audit_entries SET details = {"Name"}, hash = {second.Hash} WHERE chain = {chain} AND sequence = 2",
                $"UPDATE audit_heads SET last_hash = {second.Hash} WHERE chain = {chain}");
            using var scope = app.Scope();
            await Shegong.Web.Infrastructure.Audit.AuditSeal.SealUnsignedHeadsAsync(scope.ServiceProvider.GetRequiredService<ShegongDbContext>(), TextWriter.Null);
        }
        (await VerifyAsync()).Exit.ShouldBe(0);
    }
}

using Shegong.Domain.Access;
using Shegong.Domain.Audit;

namespace Shegong.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static readonly Guid StationA = Guid.Parse("0193a000-0000-7000-8000-00000000000a");
    private static readonly Guid StationB = Guid.Parse("0193a000-0000-7000-8000-00000000000b");

    private static List<AuditEntry> Chain(int count, string chain = AuditChains.Legacy)
    {
        var list = new List<AuditEntry>();
        var previous = AuditEntry.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var e = AuditEntry.Append(chain, i, previous, DateTime.UtcNow, null, "worker", AuditAction.Update, "Station", $"id{i}", null, "440112", "127.0.0.1", "Name");
            list.Add(e);
            previous = e.Hash;
        }
        return list;
    }

    private static AuditChainHead HeadOf(List<AuditEntry> chain) => new(chain[0].Chain, chain.Count, chain[^1].Hash);

    private static Task<IReadOnlyList<AuditChainResult>> VerifyAllAsync(IEnumerable<AuditEntry> entries, params AuditChainHead[] heads) =>
        AuditChainVerifier.VerifyAllAsync(entries.OrderBy(e => e.Chain, StringComparer.Ordinal).ThenBy(e => e.Sequence).ToAsyncEnumerable(), heads);

    [Fact]
    public void An_intact_chain_verifies()
    {
        var chain = Chain(5);
        AuditChainVerifier.Verify(chain, 5, chain[^1].Hash).ShouldBeNull();
    }

    [Fact]
    public void A_removed_entry_or_a_cut_tail_is_named()
    {
        var chain = Chain(5);
        var gap = chain.Where(e => e.Sequence != 3).ToList();
        AuditChainVerifier.Verify(gap, 5, chain[^1].Hash)!.Sequence.ShouldBe(3);
        AuditChainVerifier.Verify(chain.Take(4), 5, chain[^1].Hash)!.Sequence.ShouldBe(5);
    }

    [Fact]
    public void A_forged_entry_with_a_fresh_hash_breaks_the_link_of_the_next()
    {
        var chain = Chain(4);
        var forged = AuditEntry.Append(AuditChains.Legacy, 2, chain[0].Hash, DateTime.UtcNow, null, "intruder", AuditAction.Delete, "Station", "x", null, "440112", "", "");
        chain[1] = forged;
        AuditChainVerifier.Verify(chain, 4, chain[^1].Hash)!.Sequence.ShouldBe(3);
    }

    [Fact]
    public void Each_scope_writes_to_its_own_chain()
    {
        AuditChains.KeyFor(DataScope.ForStation(StationA, "440112010")).ShouldBe("station:" + StationA.ToString("N"));
        AuditChains.KeyFor(DataScope.ForStation(StationB, "440112010")).ShouldNotBe(AuditChains.KeyFor(DataScope.ForStation(StationA, "440112010")));
        AuditChains.KeyFor(DataScope.ForRegion("440112")).ShouldBe("region:440112");
        AuditChains.KeyFor(DataScope.System).ShouldBe(AuditChains.System);
        AuditChains.KeyFor(DataScope.None).ShouldBe(AuditChains.System); // anonymous requests (public board, failed logins)
        AuditChains.KeyFor(DataScope.System).Length.ShouldBeLessThanOrEqualTo(AuditChains.MaxKeyLength);
        AuditChains.KeyFor(DataScope.ForStation(StationA, "440112010")).Length.ShouldBeLessThanOrEqualTo(AuditChains.MaxKeyLength);
    }

    [Fact]
    public void The_legacy_chain_hashes_as_before_chains_existed()
    {
        // An entry written by the single-chain version: its stored hash must still verify.
        var at = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);
        var legacy = AuditEntry.Append(AuditChains.Legacy, 1, AuditEntry.GenesisHash, at, null, "system", AuditAction.Create, "Station", "s1", null, "440112", "", "");
        var oldText = string.Join('\u001f', "1", at.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), "", "system",
            ((int)AuditAction.Create).ToString(System.Globalization.CultureInfo.InvariantCulture), "Station", "s1", "", "440112", "", "", AuditEntry.GenesisHash);
        legacy.Hash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(oldText))));

        // The same content in a new chain hashes differently: the key is covered.
        var inChain = AuditEntry.Append("station:a", 1, AuditEntry.GenesisHash, at, null, "system", AuditAction.Create, "Station", "s1", null, "440112", "", "");
        inChain.Hash.ShouldNotBe(legacy.Hash);
        AuditEntry.Append("station:b", 1, AuditEntry.GenesisHash, at, null, "system", AuditAction.Create, "Station", "s1", null, "440112", "", "").Hash.ShouldNotBe(inChain.Hash);
    }

    [Fact]
    public async Task Several_intact_chains_verify_each_from_its_first_entry()
    {
        var legacy = Chain(3);
        var a = Chain(4, "station:a");
        var b = Chain(2, "station:b");
        var results = await VerifyAllAsync([.. b, .. legacy, .. a], HeadOf(a), HeadOf(legacy), HeadOf(b));
        results.Select(r => (r.Chain, r.Entries, r.Break)).ShouldBe([("", 3L, (AuditBreak?)null), ("station:a", 4L, null), ("station:b", 2L, null)]);
    }

    [Fact]
    public async Task A_break_in_one_chain_is_named_with_its_chain_and_the_others_stay_intact()
    {
        var a = Chain(4, "station:a");
        var b = Chain(4, "station:b");
        // An entry of b forged into a (fresh hash for a, but over b's content) breaks a's next link.
        var forged = AuditEntry.Append("station:a", 2, a[0].Hash, DateTime.UtcNow, null, "intruder", AuditAction.Delete, "Station", "x", null, "440112", "", "");
        var results = await VerifyAllAsync([a[0], forged, a[2], a[3], .. b], HeadOf(a), HeadOf(b));
        results.Single(r => r.Chain == "station:a").Break!.Sequence.ShouldBe(3);
        results.Single(r => r.Chain == "station:b").Break.ShouldBeNull();

        // Removing b's 2nd entry or its tail is found in b alone.
        (await VerifyAllAsync([.. a, b[0], b[2], b[3]], HeadOf(a), HeadOf(b))).Single(r => r.Break is not null).ShouldSatisfyAllConditions(
            r => r.Chain.ShouldBe("station:b"), r => r.Break!.Sequence.ShouldBe(2));
        (await VerifyAllAsync([.. a, .. b.Take(3)], HeadOf(a), HeadOf(b))).Single(r => r.Break is not null).ShouldSatisfyAllConditions(
            r => r.Chain.ShouldBe("station:b"), r => r.Break!.Sequence.ShouldBe(4));
    }

    [Fact]
    public async Task An_entry_copied_into_another_chain_does_not_verify_there()
    {
        var a = Chain(1, "station:a");
        var b = Chain(1, "station:b");
        // b's first entry relabelled as a's (same sequence, same link to genesis): the chain key is hashed.
        var copied = AuditEntry.Append("station:b", 1, AuditEntry.GenesisHash, a[0].TimestampUtc, null, "worker", AuditAction.Update, "Station", "id1", null, "440112", "127.0.0.1", "Name");
        typeof(AuditEntry).GetProperty(nameof(AuditEntry.Chain))!.SetValue(copied, "station:a");
        var results = await VerifyAllAsync([copied, .. b], new AuditChainHead("station:a", 1, copied.Hash), HeadOf(b));
        results.Single(r => r.Chain == "station:a").Break!.Reason.ShouldContain("edited");
    }

    [Fact]
    public async Task A_chain_without_a_head_or_a_head_without_entries_is_broken()
    {
        var a = Chain(2, "station:a");
        var b = Chain(2, "station:b");
        var noHead = await VerifyAllAsync([.. a, .. b], HeadOf(a));
        noHead.Single(r => r.Break is not null).ShouldSatisfyAllConditions(r => r.Chain.ShouldBe("station:b"), r => r.Break!.Sequence.ShouldBe(1));

        var noEntries = await VerifyAllAsync(a, HeadOf(a), HeadOf(b));
        noEntries.Single(r => r.Break is not null).ShouldSatisfyAllConditions(r => r.Chain.ShouldBe("station:b"), r => r.Break!.Sequence.ShouldBe(1));
        (await VerifyAllAsync(a, HeadOf(a), new AuditChainHead("station:c", 0, AuditEntry.GenesisHash)))
            .Single(r => r.Chain == "station:c").Break.ShouldNotBeNull();
    }
}

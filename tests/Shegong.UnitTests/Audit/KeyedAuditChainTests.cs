using System.Security.Cryptography;
using Shegong.Domain.Audit;

namespace Shegong.UnitTests.Audit;

/// <summary>
/// A keyed chain: entry hashes are HMACs under a key the database does not hold, the head is signed, and a
/// checkpoint kept elsewhere anchors a point of the chain. Entries of before the key stay valid as a prefix only.
/// </summary>
public sealed class KeyedAuditChainTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private const string Station = "station:a";

    private static List<AuditEntry> Extend(List<AuditEntry> list, int count, byte[]? key, string chain = Station, string details = "Name")
    {
        var previous = list.Count > 0 ? list[^1].Hash : AuditEntry.GenesisHash;
        for (var i = 0; i < count; i++)
        {
            var e = AuditEntry.Append(key, chain, list.Count + 1, previous, DateTime.UtcNow, null, "worker", AuditAction.Update, "Person", $"id{list.Count + 1}", null, "440112", "", details);
            list.Add(e);
            previous = e.Hash;
        }
        return list;
    }

    private static AuditChainHead Signed(List<AuditEntry> chain) =>
        new(chain[0].Chain, chain.Count, chain[^1].Hash, AuditEntry.HeadMac(Key, chain[0].Chain, chain.Count, chain[^1].Hash));

    private static AuditBreak? Verify(List<AuditEntry> chain, AuditChainHead head, AuditCheckpoint? checkpoint = null) =>
        AuditChainVerifier.Verify(chain, head, Key, checkpoint);

    /// <summary>What a writer without the key can do: recompute every hash from <paramref name="from"/> on with plain SHA-256.</summary>
    private static List<AuditEntry> Rehashed(List<AuditEntry> chain, int from, string edit)
    {
        var list = chain.Take(from - 1).ToList();
        foreach (var e in chain.Skip(from - 1))
        {
            var previous = list.Count > 0 ? list[^1].Hash : AuditEntry.GenesisHash;
            list.Add(AuditEntry.Append(e.Chain, e.Sequence, previous, e.TimestampUtc, e.UserId, e.UserName, e.Action, e.EntityType, e.EntityId,
                e.StationId, e.RegionPrefix, e.IpAddress, e.Sequence == from ? edit : e.Details));
        }
        return list;
    }

    [Fact]
    public void A_keyed_chain_with_a_signed_head_verifies_and_its_hashes_need_the_key()
    {
        var chain = Extend([], 5, Key);
        Verify(chain, Signed(chain)).ShouldBeNull();
        chain[2].Hash.ShouldNotBe(chain[2].ComputeHash()); // not the plain SHA-256
        AuditChainVerifier.Verify(chain, Signed(chain), RandomNumberGenerator.GetBytes(32), null)!.Sequence.ShouldBe(1); // another key: nothing matches
    }

    [Fact]
    public void An_edit_rehashed_with_sha256_to_the_end_is_found_at_the_edit()
    {
        var chain = Extend([], 8, Key);
        var forged = Rehashed(chain, 4, "edited");
        // Even with the head moved to the forged end (and its old signature, or none):
        var head = new AuditChainHead(Station, 8, forged[^1].Hash, Signed(chain).Mac);
        Verify(forged, head)!.ShouldSatisfyAllConditions(b => b.Sequence.ShouldBe(4), b => b.Reason.ShouldContain("only the audit key"));
    }

    [Fact]
    public void A_chain_rehashed_from_its_first_entry_is_found_by_the_head_signature()
    {
        var chain = Extend([], 6, Key);
        var forged = Rehashed(chain, 1, "edited");
        Verify(forged, new AuditChainHead(Station, 6, forged[^1].Hash, ""))!.Reason.ShouldContain("not signed");
        Verify(forged, new AuditChainHead(Station, 6, forged[^1].Hash, Signed(chain).Mac))!.Reason.ShouldContain("signature does not match");
    }

    [Fact]
    public void A_tail_cut_with_the_head_rewound_to_a_genuine_earlier_one_is_found_by_a_later_checkpoint()
    {
        var chain = Extend([], 10, Key);
        var earlier = Signed(chain.Take(6).ToList());
        var at = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
        var checkpoint = new AuditCheckpoint(Station, 9, chain[8].Hash, at, AuditEntry.CheckpointMac(Key, Station, 9, chain[8].Hash, at));
        // Without the checkpoint the cut is invisible (the head is genuine): that is why checkpoints are kept outside.
        Verify(chain.Take(6).ToList(), earlier).ShouldBeNull();
        Verify(chain.Take(6).ToList(), earlier, checkpoint)!.ShouldSatisfyAllConditions(b => b.Sequence.ShouldBe(7), b => b.Reason.ShouldContain("checkpoint"));
        Verify(chain, Signed(chain), checkpoint).ShouldBeNull();
        // An entry rewritten at the checkpoint's place is found too.
        var forged = Extend(chain.Take(8).ToList(), 2, Key, details: "other");
        Verify(forged, Signed(forged), checkpoint)!.Sequence.ShouldBe(9);
    }

    [Fact]
    public void Two_swapped_entries_and_a_deleted_one_are_found()
    {
        var chain = Extend([], 6, Key);
        List<AuditEntry> swapped = [chain[0], chain[1], chain[3], chain[2], chain[4], chain[5]];
        AuditChainVerifier.Verify(swapped, Signed(chain), Key, null)!.Sequence.ShouldBe(3);
        List<AuditEntry> deleted = [.. chain.Where(e => e.Sequence != 4)];
        AuditChainVerifier.Verify(deleted, Signed(chain), Key, null)!.Sequence.ShouldBe(4);
    }

    [Fact]
    public void Entries_of_before_the_key_verify_as_a_prefix_but_not_after_a_keyed_one()
    {
        var mixed = Extend(Extend([], 4, null), 3, Key);
        Verify(mixed, Signed(mixed)).ShouldBeNull();
        var late = Extend(Extend([], 3, Key), 2, null);
        Verify(late, Signed(late))!.Sequence.ShouldBe(4);
    }

    [Fact]
    public async Task A_checkpoint_of_a_chain_that_is_gone_is_a_break()
    {
        var at = DateTime.UtcNow;
        var results = await AuditChainVerifier.VerifyAllAsync(AsyncEnumerable.Empty<AuditEntry>(), [], default, Key,
            [new AuditCheckpoint(Station, 3, "ab", at, "")]);
        results.Single().Break!.Reason.ShouldContain("the chain and its head are gone");
    }
}

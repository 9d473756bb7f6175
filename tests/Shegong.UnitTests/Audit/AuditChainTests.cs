using Shegong.Domain.Audit;

namespace Shegong.UnitTests.Audit;

public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int count)
    {
        var list = new List<AuditEntry>();
        var previous = AuditEntry.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var e = AuditEntry.Chain(i, previous, DateTime.UtcNow, null, "worker", AuditAction.Update, "Station", $"id{i}", null, "440112", "127.0.0.1", "Name");
            list.Add(e);
            previous = e.Hash;
        }
        return list;
    }

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
        var forged = AuditEntry.Chain(2, chain[0].Hash, DateTime.UtcNow, null, "intruder", AuditAction.Delete, "Station", "x", null, "440112", "", "");
        chain[1] = forged;
        AuditChainVerifier.Verify(chain, 4, chain[^1].Hash)!.Sequence.ShouldBe(3);
    }
}

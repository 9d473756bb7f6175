using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shegong.Domain.Access;

namespace Shegong.Domain.Audit;

/// <summary>
/// Which chain a save's entries go to: the chain of the scope that acts. Each chain has its own head and its own
/// sequence, so writers of different stations never wait for each other's lock.
/// </summary>
public static class AuditChains
{
    /// <summary>The one chain written before chains existed (entries and head migrated as they were); nothing is appended to it any more.</summary>
    public const string Legacy = "";

    /// <summary>Commands, jobs and anonymous requests (public board, failed logins).</summary>
    public const string System = "system";

    public const int MaxKeyLength = 64;

    /// <summary><c>station:&lt;id N&gt;</c> for a station user, <c>region:&lt;prefix&gt;</c> for a region user, else <see cref="System"/>.</summary>
    public static string KeyFor(DataScope scope) => scope.Kind switch
    {
        ScopeKind.Station when scope.StationId is { } id => "station:" + id.ToString("N"),
        ScopeKind.Region => "region:" + scope.RegionPrefix,
        _ => System,
    };

    /// <summary>How a chain is named in messages (the legacy key is empty).</summary>
    public static string Display(string chain) => chain == Legacy ? "legacy" : chain;
}

/// <summary>
/// One append-only audit record. Each entry's <see cref="Hash"/> covers its content and the previous entry's
/// hash, so changing or removing any entry breaks the chain from that point on.
/// </summary>
public sealed class AuditEntry : IAuditScoped
{
    /// <summary>The chain (see <see cref="AuditChains"/>); with <see cref="Sequence"/> the entry's key.</summary>
    public string Chain { get; private set; } = AuditChains.Legacy;
    public long Sequence { get; private set; }
    public DateTime TimestampUtc { get; private set; }
    public Guid? UserId { get; private set; }
    public string UserName { get; private set; } = "";
    public AuditAction Action { get; private set; }
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public Guid? StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public string IpAddress { get; private set; } = "";
    public string Details { get; private set; } = "";
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    private AuditEntry() { }

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static AuditEntry Append(string chain, long sequence, string previousHash, DateTime timestampUtc, Guid? userId, string userName,
        AuditAction action, string entityType, string entityId, Guid? stationId, string regionPrefix, string ipAddress, string details)
    {
        var entry = new AuditEntry
        {
            Chain = chain,
            Sequence = sequence,
            // Microseconds: what PostgreSQL keeps, so the hash survives the round trip on both providers.
            TimestampUtc = new DateTime(timestampUtc.Ticks - timestampUtc.Ticks % 10, DateTimeKind.Utc),
            UserId = userId,
            UserName = Truncate(userName, 100),
            Action = action,
            EntityType = Truncate(entityType, 100),
            EntityId = Truncate(entityId, 100),
            StationId = stationId,
            RegionPrefix = Truncate(regionPrefix, 12),
            IpAddress = Truncate(ipAddress, 64),
            Details = Truncate(details, 2000),
            PreviousHash = previousHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    /// <summary>
    /// SHA-256 over the fields joined by U+001F. The legacy chain's entries were hashed before chains existed and
    /// keep those hashes, so for them the text is exactly as it was; every other chain's text starts with its key,
    /// so an entry cannot be moved to (or replayed in) another chain without its hash showing it.
    /// </summary>
    public string ComputeHash()
    {
        var text = string.Join('\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(TimestampUtc, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture),
            UserId?.ToString("N") ?? "", UserName, ((int)Action).ToString(CultureInfo.InvariantCulture),
            EntityType, EntityId, StationId?.ToString("N") ?? "", RegionPrefix, IpAddress, Details, PreviousHash);
        if (Chain != AuditChains.Legacy) text = Chain + '\u001f' + text;
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>The result of checking one chain: null when intact, else the first broken entry and why.</summary>
public sealed record AuditBreak(long Sequence, string Reason);

/// <summary>What a chain's head records: its last sequence and the hash of its last entry.</summary>
public sealed record AuditChainHead(string Chain, long LastSequence, string LastHash);

/// <summary>One chain's outcome: how many entries were read and the first break (null when intact).</summary>
public sealed record AuditChainResult(string Chain, long Entries, AuditBreak? Break);

public static class AuditChainVerifier
{
    /// <summary>Walks entries in sequence order. Detects edits (hash mismatch), removals (gaps, broken links) and a cut tail (head mismatch).</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, long headSequence, string headHash)
    {
        var check = new ChainCheck();
        foreach (var e in entriesInOrder)
            if (!check.Add(e)) break;
        return check.Finish(headSequence, headHash);
    }

    /// <summary>
    /// Verifies every chain, each from sequence 1 to its head. <paramref name="entriesByChainThenSequence"/> is read
    /// once (it may stream from the database). Entries without a head, and a head without entries, are broken chains.
    /// Results are ordered by chain key.
    /// </summary>
    public static async Task<IReadOnlyList<AuditChainResult>> VerifyAllAsync(IAsyncEnumerable<AuditEntry> entriesByChainThenSequence,
        IEnumerable<AuditChainHead> heads, CancellationToken ct = default)
    {
        var headOf = heads.ToDictionary(h => h.Chain, StringComparer.Ordinal);
        var results = new List<AuditChainResult>();
        string? chain = null;
        var check = new ChainCheck();
        long count = 0;
        void Close()
        {
            if (chain is null) return;
            var broken = check.Break ?? (headOf.Remove(chain, out var head)
                ? check.Finish(head.LastSequence, head.LastHash)
                : new AuditBreak(1, "the chain has entries but no head"));
            headOf.Remove(chain);
            results.Add(new AuditChainResult(chain, count, broken));
        }
        await foreach (var e in entriesByChainThenSequence.WithCancellation(ct))
        {
            if (e.Chain != chain)
            {
                Close();
                chain = e.Chain;
                check = new ChainCheck();
                count = 0;
            }
            count++;
            check.Add(e); // after a break the rest of the chain is only counted
        }
        Close();
        foreach (var head in headOf.Values)
            results.Add(new AuditChainResult(head.Chain, 0, new AuditBreak(1, head.LastSequence > 0
                ? $"missing: the head records {head.LastSequence} entries but none were found"
                : "the head records no entries")));
        return [.. results.OrderBy(r => r.Chain, StringComparer.Ordinal)];
    }

    /// <summary>One chain's walk, entry by entry, up to its first break.</summary>
    private sealed class ChainCheck
    {
        private long _expectedSequence = 1;
        private string _previousHash = AuditEntry.GenesisHash;

        public AuditBreak? Break { get; private set; }

        /// <summary>False once the chain is broken (further entries are not checked).</summary>
        public bool Add(AuditEntry e)
        {
            if (Break is not null) return false;
            if (e.Sequence != _expectedSequence)
                Break = new AuditBreak(_expectedSequence, $"missing: expected entry {_expectedSequence}, found {e.Sequence}");
            else if (e.PreviousHash != _previousHash)
                Break = new AuditBreak(e.Sequence, "link to the previous entry does not match");
            else if (e.ComputeHash() != e.Hash)
                Break = new AuditBreak(e.Sequence, "content does not match its hash (edited)");
            else
            {
                _previousHash = e.Hash;
                _expectedSequence++;
            }
            return Break is null;
        }

        public AuditBreak? Finish(long headSequence, string headHash)
        {
            if (Break is not null) return Break;
            if (_expectedSequence - 1 != headSequence)
                return new AuditBreak(_expectedSequence, $"missing: chain ends at {_expectedSequence - 1} but {headSequence} were written");
            if (headSequence > 0 && _previousHash != headHash)
                return new AuditBreak(headSequence, "last entry does not match the recorded head");
            return null;
        }
    }
}

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
        => Append(null, chain, sequence, previousHash, timestampUtc, userId, userName, action, entityType, entityId, stationId, regionPrefix, ipAddress, details);

    /// <summary>An entry whose <see cref="Hash"/> is the keyed MAC under <paramref name="macKey"/> (null: the unkeyed SHA-256 of before).</summary>
    public static AuditEntry Append(byte[]? macKey, string chain, long sequence, string previousHash, DateTime timestampUtc, Guid? userId, string userName,
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
        entry.Hash = entry.ComputeHash(macKey);
        return entry;
    }

    /// <summary>
    /// SHA-256 over the fields joined by U+001F — or, with <paramref name="macKey"/>, HMAC-SHA256 over the same bytes
    /// (entries written since the chain is keyed: a database writer without the key cannot recompute them). The
    /// legacy chain's entries were hashed before chains existed and keep those hashes, so for them the text is exactly
    /// as it was; every other chain's text starts with its key, so an entry cannot be moved to (or replayed in)
    /// another chain without its hash showing it.
    /// </summary>
    public string ComputeHash(byte[]? macKey = null)
    {
        var text = string.Join('\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(TimestampUtc, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture),
            UserId?.ToString("N") ?? "", UserName, ((int)Action).ToString(CultureInfo.InvariantCulture),
            EntityType, EntityId, StationId?.ToString("N") ?? "", RegionPrefix, IpAddress, Details, PreviousHash);
        if (Chain != AuditChains.Legacy) text = Chain + '\u001f' + text;
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(macKey is null ? SHA256.HashData(bytes) : HMACSHA256.HashData(macKey, bytes));
    }

    /// <summary>The keyed MAC of a chain's head (its last sequence and hash), kept in the head row: a head rewritten without the key shows.</summary>
    public static string HeadMac(byte[] macKey, string chain, long lastSequence, string lastHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes(
            "head\u001f" + chain + '\u001f' + lastSequence.ToString(CultureInfo.InvariantCulture) + '\u001f' + lastHash)));

    /// <summary>The keyed MAC of a checkpoint (a chain's sequence and hash at a time), as written to the checkpoint file outside the database.</summary>
    public static string CheckpointMac(byte[] macKey, string chain, long sequence, string hash, DateTime atUtc) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(macKey, Encoding.UTF8.GetBytes(
            "checkpoint\u001f" + chain + '\u001f' + sequence.ToString(CultureInfo.InvariantCulture) + '\u001f' + hash + '\u001f'
            + atUtc.Ticks.ToString(CultureInfo.InvariantCulture))));

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>The result of checking one chain: null when intact, else the first broken entry and why.</summary>
public sealed record AuditBreak(long Sequence, string Reason);

/// <summary>What a chain's head records: its last sequence, the hash of its last entry and its keyed MAC ("" when written before heads were signed).</summary>
public sealed record AuditChainHead(string Chain, long LastSequence, string LastHash, string Mac = "");

/// <summary>A signed record, kept outside the database, that a chain had reached <see cref="Sequence"/> with <see cref="Hash"/> at <see cref="AtUtc"/>.</summary>
public sealed record AuditCheckpoint(string Chain, long Sequence, string Hash, DateTime AtUtc, string Mac);

/// <summary>One chain's outcome: how many entries were read and the first break (null when intact).</summary>
public sealed record AuditChainResult(string Chain, long Entries, AuditBreak? Break);

public static class AuditChainVerifier
{
    /// <summary>Walks entries in sequence order. Detects edits (hash mismatch), removals (gaps, broken links) and a cut tail (head mismatch).</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, long headSequence, string headHash) =>
        Verify(entriesInOrder, new AuditChainHead("", headSequence, headHash), null, null);

    /// <summary>
    /// One chain, keyed: with <paramref name="macKey"/>, entries after the first keyed one must be keyed too, the head
    /// must carry its MAC, and <paramref name="checkpoint"/> (the chain's latest, outside the database) must still hold.
    /// </summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, AuditChainHead head, byte[]? macKey, AuditCheckpoint? checkpoint)
    {
        var check = new ChainCheck(macKey, checkpoint);
        foreach (var e in entriesInOrder)
            if (!check.Add(e)) break;
        return check.Finish(head);
    }

    /// <summary>
    /// Verifies every chain, each from sequence 1 to its head. <paramref name="entriesByChainThenSequence"/> is read
    /// once (it may stream from the database). Entries without a head, and a head without entries, are broken chains.
    /// With <paramref name="macKey"/>: keyed entries, signed heads and the latest checkpoint of each chain are checked
    /// (a checkpoint of a chain that is gone is a break). Results are ordered by chain key.
    /// </summary>
    public static async Task<IReadOnlyList<AuditChainResult>> VerifyAllAsync(IAsyncEnumerable<AuditEntry> entriesByChainThenSequence,
        IEnumerable<AuditChainHead> heads, CancellationToken ct = default, byte[]? macKey = null, IEnumerable<AuditCheckpoint>? checkpoints = null)
    {
        var headOf = heads.ToDictionary(h => h.Chain, StringComparer.Ordinal);
        var latest = (checkpoints ?? []).GroupBy(c => c.Chain, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.Sequence)!, StringComparer.Ordinal);
        var results = new List<AuditChainResult>();
        string? chain = null;
        ChainCheck check = null!;
        long count = 0;
        void Close()
        {
            if (chain is null) return;
            var broken = check.Break ?? (headOf.Remove(chain, out var head)
                ? check.Finish(head)
                : new AuditBreak(1, "the chain has entries but no head"));
            headOf.Remove(chain);
            latest.Remove(chain);
            results.Add(new AuditChainResult(chain, count, broken));
        }
        await foreach (var e in entriesByChainThenSequence.WithCancellation(ct))
        {
            if (e.Chain != chain)
            {
                Close();
                chain = e.Chain;
                check = new ChainCheck(macKey, latest.GetValueOrDefault(chain));
                count = 0;
            }
            count++;
            check.Add(e); // after a break the rest of the chain is only counted
        }
        Close();
        foreach (var head in headOf.Values)
        {
            latest.Remove(head.Chain);
            results.Add(new AuditChainResult(head.Chain, 0, new AuditBreak(1, head.LastSequence > 0
                ? $"missing: the head records {head.LastSequence} entries but none were found"
                : "the head records no entries")));
        }
        foreach (var gone in latest.Values)
            results.Add(new AuditChainResult(gone.Chain, 0, new AuditBreak(1,
                $"missing: a checkpoint of {gone.AtUtc:u} records {gone.Sequence} entries, but the chain and its head are gone")));
        return [.. results.OrderBy(r => r.Chain, StringComparer.Ordinal)];
    }

    /// <summary>One chain's walk, entry by entry, up to its first break.</summary>
    private sealed class ChainCheck(byte[]? macKey, AuditCheckpoint? checkpoint)
    {
        private long _expectedSequence = 1;
        private string _previousHash = AuditEntry.GenesisHash;
        private bool _keyed;

        public AuditBreak? Break { get; private set; }

        /// <summary>False once the chain is broken (further entries are not checked).</summary>
        public bool Add(AuditEntry e)
        {
            if (Break is not null) return false;
            if (e.Sequence != _expectedSequence)
                Break = new AuditBreak(_expectedSequence, $"missing: expected entry {_expectedSequence}, found {e.Sequence}");
            else if (e.PreviousHash != _previousHash)
                Break = new AuditBreak(e.Sequence, "link to the previous entry does not match");
            else if (!Matches(e))
                Break = new AuditBreak(e.Sequence, _keyed
                    ? "content does not match its hash (edited) — since the chain is keyed only the audit key can make an entry's hash"
                    : "content does not match its hash (edited)");
            else if (checkpoint is not null && e.Sequence == checkpoint.Sequence && e.Hash != checkpoint.Hash)
                Break = new AuditBreak(e.Sequence, $"does not match the checkpoint of {checkpoint.AtUtc:u} (rewritten since)");
            else
            {
                _previousHash = e.Hash;
                _expectedSequence++;
            }
            return Break is null;
        }

        // Unkeyed entries (SHA-256 of before) are accepted only before the chain's first keyed one.
        private bool Matches(AuditEntry e)
        {
            if (macKey is not null && e.ComputeHash(macKey) == e.Hash) return _keyed = true;
            return !_keyed && e.ComputeHash() == e.Hash;
        }

        public AuditBreak? Finish(AuditChainHead head)
        {
            if (Break is not null) return Break;
            var (headSequence, headHash) = (head.LastSequence, head.LastHash);
            if (checkpoint is not null && _expectedSequence - 1 < checkpoint.Sequence)
                return new AuditBreak(_expectedSequence, $"missing: the checkpoint of {checkpoint.AtUtc:u} records {checkpoint.Sequence} entries, the chain ends at {_expectedSequence - 1}");
            if (_expectedSequence - 1 != headSequence)
                return new AuditBreak(_expectedSequence, $"missing: chain ends at {_expectedSequence - 1} but {headSequence} were written");
            if (headSequence > 0 && _previousHash != headHash)
                return new AuditBreak(headSequence, "last entry does not match the recorded head");
            if (macKey is not null && head.Mac != AuditEntry.HeadMac(macKey, head.Chain, headSequence, headHash))
                return new AuditBreak(headSequence, head.Mac.Length == 0
                    ? "the head is not signed with the audit key (rewritten, or written before heads were signed and never sealed)"
                    : "the head's signature does not match (rewritten without the audit key)");
            return null;
        }
    }
}

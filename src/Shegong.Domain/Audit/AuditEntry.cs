using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Shegong.Domain.Audit;

/// <summary>
/// One append-only audit record. Each entry's <see cref="Hash"/> covers its content and the previous entry's
/// hash, so changing or removing any entry breaks the chain from that point on.
/// </summary>
public sealed class AuditEntry
{
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

    public static AuditEntry Chain(long sequence, string previousHash, DateTime timestampUtc, Guid? userId, string userName,
        AuditAction action, string entityType, string entityId, Guid? stationId, string regionPrefix, string ipAddress, string details)
    {
        var entry = new AuditEntry
        {
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

    public string ComputeHash()
    {
        var text = string.Join('\u001f',
            Sequence.ToString(CultureInfo.InvariantCulture),
            DateTime.SpecifyKind(TimestampUtc, DateTimeKind.Utc).Ticks.ToString(CultureInfo.InvariantCulture),
            UserId?.ToString("N") ?? "", UserName, ((int)Action).ToString(CultureInfo.InvariantCulture),
            EntityType, EntityId, StationId?.ToString("N") ?? "", RegionPrefix, IpAddress, Details, PreviousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}

/// <summary>The result of checking the whole chain: null when intact, else the first broken entry and why.</summary>
public sealed record AuditBreak(long Sequence, string Reason);

public static class AuditChainVerifier
{
    /// <summary>Walks entries in sequence order. Detects edits (hash mismatch), removals (gaps, broken links) and a cut tail (head mismatch).</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, long headSequence, string headHash)
    {
        var expectedSequence = 1L;
        var previousHash = AuditEntry.GenesisHash;
        foreach (var e in entriesInOrder)
        {
            if (e.Sequence != expectedSequence)
                return new AuditBreak(expectedSequence, $"missing: expected entry {expectedSequence}, found {e.Sequence}");
            if (e.PreviousHash != previousHash)
                return new AuditBreak(e.Sequence, "link to the previous entry does not match");
            if (e.ComputeHash() != e.Hash)
                return new AuditBreak(e.Sequence, "content does not match its hash (edited)");
            previousHash = e.Hash;
            expectedSequence++;
        }
        if (expectedSequence - 1 != headSequence)
            return new AuditBreak(expectedSequence, $"missing: chain ends at {expectedSequence - 1} but {headSequence} were written");
        if (headSequence > 0 && previousHash != headHash)
            return new AuditBreak(headSequence, "last entry does not match the recorded head");
        return null;
    }
}

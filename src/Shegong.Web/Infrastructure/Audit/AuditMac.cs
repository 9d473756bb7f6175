using System.Globalization;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Audit;

/// <summary>
/// The audit chain's key, derived from the master key (never in the database): entries' hashes are HMAC-SHA256 under
/// it, heads are signed with it, and so are the checkpoints written to a file outside the database
/// (<c>Audit:CheckpointFile</c>, default <c>audit-checkpoints.log</c> beside the key file) by every successful
/// <c>verify-audit</c>.
/// </summary>
public sealed class AuditMac(MasterKey master, IConfiguration config)
{
    public byte[] Key { get; } = master.Derive("audit-chain-mac");

    public string CheckpointFile { get; } = config["Audit:CheckpointFile"] is { Length: > 0 } file
        ? file
        : Path.Combine(Path.GetDirectoryName(master.FilePath) ?? ".", "audit-checkpoints.log");

    /// <summary>The checkpoints on file; a line that does not parse or whose MAC does not match is reported, not trusted.</summary>
    public (List<AuditCheckpoint> Valid, List<string> Bad) ReadCheckpoints()
    {
        var valid = new List<AuditCheckpoint>();
        var bad = new List<string>();
        if (!File.Exists(CheckpointFile)) return (valid, bad);
        var n = 0;
        foreach (var line in File.ReadLines(CheckpointFile))
        {
            n++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length == 5 && long.TryParse(f[1], CultureInfo.InvariantCulture, out var seq)
                && DateTime.TryParse(f[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                var checkpoint = new AuditCheckpoint(f[0], seq, f[2], DateTime.SpecifyKind(at, DateTimeKind.Utc), f[4]);
                if (AuditEntry.CheckpointMac(Key, checkpoint.Chain, seq, checkpoint.Hash, checkpoint.AtUtc) == checkpoint.Mac)
                {
                    valid.Add(checkpoint);
                    continue;
                }
            }
            bad.Add($"{CheckpointFile} line {n}");
        }
        return (valid, bad);
    }

    /// <summary>Appends one signed line per chain head (tab-separated: chain, sequence, hash, time, MAC).</summary>
    public void WriteCheckpoints(IEnumerable<AuditChainHead> heads, DateTime nowUtc)
    {
        var at = new DateTime(nowUtc.Ticks - nowUtc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var lines = heads.Where(h => h.LastSequence > 0)
            .Select(h => string.Join('\t', h.Chain, h.LastSequence.ToString(CultureInfo.InvariantCulture), h.LastHash,
                at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), AuditEntry.CheckpointMac(Key, h.Chain, h.LastSequence, h.LastHash, at)))
            .ToList();
        if (lines.Count == 0) return;
        var folder = Path.GetDirectoryName(Path.GetFullPath(CheckpointFile));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        File.AppendAllLines(CheckpointFile, lines);
    }
}

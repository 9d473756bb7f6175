namespace Shegong.Web.Infrastructure.Audit;

/// <summary>
/// The row that records one chain's last sequence and hash (one row per chain, see
/// <see cref="Shegong.Domain.Audit.AuditChains"/>). Writers lock their chain's head first, so entries of one chain
/// are appended one transaction at a time while other chains are written at the same time, and a removed tail is
/// detectable.
/// </summary>
public sealed class AuditHead
{
    public string Chain { get; set; } = Shegong.Domain.Audit.AuditChains.Legacy;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = Shegong.Domain.Audit.AuditEntry.GenesisHash;
    /// <summary>HMAC of chain, last sequence and last hash under the audit key (<see cref="AuditMac"/>): a head rewound or rewritten without the key shows.</summary>
    public string Mac { get; set; } = "";
}

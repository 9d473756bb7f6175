namespace Shegong.Web.Infrastructure.Audit;

/// <summary>
/// The single row that records the chain's last sequence and hash. Writers lock it first, so entries are
/// appended one transaction at a time, and a removed tail is detectable.
/// </summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;
    public long LastSequence { get; set; }
    public string LastHash { get; set; } = Shegong.Domain.Audit.AuditEntry.GenesisHash;
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Audit;
using Shegong.Web.Infrastructure.Audit;

namespace Shegong.Web.Infrastructure.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => new { e.Chain, e.Sequence });
        b.Property(e => e.Chain).HasMaxLength(AuditChains.MaxKeyLength);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.UserName).HasMaxLength(100);
        b.Property(e => e.EntityType).HasMaxLength(100);
        b.Property(e => e.EntityId).HasMaxLength(100);
        b.Property(e => e.RegionPrefix).HasMaxLength(12);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.Details).HasMaxLength(2000);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => e.TimestampUtc);
        b.HasIndex(e => e.RegionPrefix);
        b.HasIndex(e => e.StationId);
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> b)
    {
        // One row per chain, made by the first save of that chain (see ShegongDbContext.LockAuditHeadAsync).
        b.ToTable("audit_heads");
        b.HasKey(h => h.Chain);
        b.Property(h => h.Chain).HasMaxLength(AuditChains.MaxKeyLength);
        b.Property(h => h.LastHash).HasMaxLength(64);
    }
}

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
        // (A station's entries are found by the index below, station first: no index of the station alone, one less per insert.)
        // The audit page's filters, newest first: a station's log, one user's, one record's.
        b.HasIndex(e => new { e.StationId, e.TimestampUtc });
        b.HasIndex(e => new { e.UserName, e.TimestampUtc });
        b.HasIndex(e => new { e.EntityType, e.EntityId, e.TimestampUtc });
    }
}

internal sealed class AuditReadDayConfiguration : IEntityTypeConfiguration<AuditReadDay>
{
    public void Configure(EntityTypeBuilder<AuditReadDay> b)
    {
        b.ToTable("audit_read_days");
        b.HasKey(d => new { d.Day, d.UserName, d.EntityType, d.EntityId });
        b.Property(d => d.UserName).HasMaxLength(100);
        b.Property(d => d.EntityType).HasMaxLength(100);
        b.Property(d => d.EntityId).HasMaxLength(100);
        b.Property(d => d.RegionPrefix).HasMaxLength(12);
        b.Property(d => d.Details).HasMaxLength(2000);
        b.HasIndex(d => d.LastUtc);
        b.HasIndex(d => new { d.StationId, d.LastUtc });
        b.HasIndex(d => d.RegionPrefix);
        b.HasIndex(d => new { d.UserName, d.LastUtc });
        b.HasIndex(d => new { d.EntityType, d.EntityId });
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
        // The head's keyed MAC (AuditEntry.HeadMac); "" on heads written before heads were signed.
        b.Property(h => h.Mac).HasMaxLength(64).HasDefaultValue("");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Regions;

namespace Shegong.Web.Infrastructure.Data.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Prefix).HasMaxLength(12).IsRequired();
        b.Property(r => r.Code).HasMaxLength(12).IsRequired();
        b.Property(r => r.Name).HasMaxLength(Region.NameMaxLength).IsRequired();
        b.HasIndex(r => r.Prefix).IsUnique();
        b.HasIndex(r => r.ParentId);
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(r => r.RegionCode);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Infrastructure.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(30).IsRequired();
        b.Property(u => u.RegionPrefix).HasMaxLength(12).IsRequired();
        b.HasIndex(u => u.RegionPrefix);
        b.HasOne<Station>().WithMany().HasForeignKey(u => u.StationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
    }
}

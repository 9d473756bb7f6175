using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;

namespace Shegong.Web.Infrastructure.Data.Configurations;

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.RegionPrefix).HasMaxLength(12).IsRequired();
        b.Property(s => s.Name).HasMaxLength(Station.NameMaxLength).IsRequired();
        b.Property(s => s.Address).HasMaxLength(Station.AddressMaxLength);
        b.Property(s => s.OperatingOrganization).HasMaxLength(Station.OrganizationMaxLength);
        b.Property(s => s.Phone).HasMaxLength(Shegong.Domain.Registry.PhoneNumber.MaxLength).HasDefaultValue("");
        b.Property(s => s.ServiceHours).HasMaxLength(Station.ServiceHoursMaxLength).HasDefaultValue("");
        b.Property(s => s.Version).IsConcurrencyToken();
        // One station per township, enforced by the database as well as by the handler.
        b.HasIndex(s => s.RegionId).IsUnique();
        b.HasIndex(s => s.RegionPrefix);
        b.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(s => s.Staff).WithOne().HasForeignKey(m => m.StationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Staff).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.OwnsMany(s => s.Checklist, c =>
        {
            c.ToJson("checklist");
        });
        b.Navigation(s => s.Checklist).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(s => s.ChecklistMetCount);
    }
}

internal sealed class StationStaffMemberConfiguration : IEntityTypeConfiguration<StationStaffMember>
{
    public void Configure(EntityTypeBuilder<StationStaffMember> b)
    {
        b.ToTable("station_staff");
        b.HasKey(m => m.Id);
        b.Property(m => m.RegionPrefix).HasMaxLength(12).IsRequired();
        b.Property(m => m.Name).HasMaxLength(30).IsRequired();
        b.Property(m => m.Position).HasMaxLength(30);
        b.Property(m => m.Certificate).HasMaxLength(30);
        b.Property(m => m.Phone).HasMaxLength(20);
    }
}

internal sealed class SocialWorkRoomConfiguration : IEntityTypeConfiguration<SocialWorkRoom>
{
    public void Configure(EntityTypeBuilder<SocialWorkRoom> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.RegionPrefix).HasMaxLength(12).IsRequired();
        b.Property(r => r.Name).HasMaxLength(60).IsRequired();
        b.Property(r => r.Address).HasMaxLength(Station.AddressMaxLength);
        b.HasIndex(r => r.CommunityId).IsUnique();
        b.HasIndex(r => r.StationId);
        b.HasOne<Station>().WithMany().HasForeignKey(r => r.StationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Region>().WithMany().HasForeignKey(r => r.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}

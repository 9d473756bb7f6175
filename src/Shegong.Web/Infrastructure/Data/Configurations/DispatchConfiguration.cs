using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Notifications;
using Shegong.Domain.Stations;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>Precise dispatch (派单): the donor pool, offers, and users' in-app notifications. A donor's phone and e-mail are encrypted.</summary>
internal static class DispatchConfiguration
{
    public static void Apply(ModelBuilder builder, IFieldProtector protector)
    {
        builder.Entity<Donor>(b =>
        {
            b.HasKey(d => d.Id);
            b.Property(d => d.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(d => d.Name).HasMaxLength(Donor.NameMax).IsRequired();
            b.Property(d => d.Phone).HasConversion(Encrypted.String(protector));
            b.Property(d => d.Email).HasConversion(Encrypted.String(protector));
            b.Property(d => d.Categories).HasMaxLength(40).IsRequired();
            b.Property(d => d.Areas).HasMaxLength(2000).IsRequired();
            b.Property(d => d.Budget).HasPrecision(12, 2);
            b.Property(d => d.Version).IsConcurrencyToken();
            b.Ignore(d => d.CategoryList);
            b.Ignore(d => d.AreaList);
            b.HasIndex(d => new { d.StationId, d.Active });
            b.HasIndex(d => d.UserId);
            b.HasOne<Station>().WithMany().HasForeignKey(d => d.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.SetNull);
        });

        builder.Entity<DispatchOffer>(b =>
        {
            b.HasKey(o => o.Id);
            b.Property(o => o.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(o => o.UnitValue).HasPrecision(10, 2);
            b.Property(o => o.Version).IsConcurrencyToken();
            b.Ignore(o => o.Value);
            b.HasIndex(o => new { o.StationId, o.Status });
            b.HasIndex(o => new { o.WishId, o.Status });
            b.HasIndex(o => new { o.DonorId, o.Status });
            b.HasOne<Wish>().WithMany().HasForeignKey(o => o.WishId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Donor>().WithMany().HasForeignKey(o => o.DonorId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Claim>().WithMany().HasForeignKey(o => o.ClaimId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Notification>(b =>
        {
            b.HasKey(n => n.Id);
            b.Property(n => n.Title).HasMaxLength(Notification.TitleMax).IsRequired();
            b.Property(n => n.Body).HasMaxLength(Notification.BodyMax).IsRequired();
            b.Property(n => n.Link).HasMaxLength(Notification.LinkMax).IsRequired();
            b.HasIndex(n => new { n.UserId, n.Read });
            b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

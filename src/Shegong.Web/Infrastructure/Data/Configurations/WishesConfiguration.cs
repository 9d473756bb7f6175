using Microsoft.EntityFrameworkCore;
using Shegong.Domain.Registry;
using Shegong.Domain.Stations;
using Shegong.Domain.Wishes;
using Shegong.Web.Infrastructure.Privacy;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>Wishes and their claims. A claimant's phone is encrypted; the confirmation code is kept only as a hash.</summary>
internal static class WishesConfiguration
{
    public static void Apply(ModelBuilder builder, IFieldProtector protector)
    {
        builder.Entity<Wish>(b =>
        {
            b.HasKey(w => w.Id);
            b.Property(w => w.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(w => w.PublicName).HasMaxLength(10).IsRequired();
            b.Property(w => w.Description).HasMaxLength(Wish.DescriptionMax).IsRequired();
            b.Property(w => w.Story).HasMaxLength(Wish.StoryMax);
            b.Property(w => w.RejectionReason).HasMaxLength(200);
            b.Property(w => w.UnitValue).HasPrecision(10, 2);
            b.Property(w => w.Version).IsConcurrencyToken();
            b.Property(w => w.ReturnVisit).HasConversion(Encrypted.NullablePlainRecord<ReturnVisitRecord>());
            b.Ignore(w => w.EstimatedValue);
            b.Ignore(w => w.UnitsLeft);
            b.Ignore(w => w.IsClaimable);
            b.HasIndex(w => new { w.StationId, w.Status });
            b.HasIndex(w => new { w.Status, w.RegionPrefix });
            b.HasIndex(w => w.PersonId);
            b.HasOne<Station>().WithMany().HasForeignKey(w => w.StationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Person>().WithMany().HasForeignKey(w => w.PersonId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<WishDelivery>(b =>
        {
            b.ToTable("wish_deliveries");
            b.HasKey(d => d.Id);
            b.Property(d => d.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(d => d.Note).HasMaxLength(WishDelivery.NoteMax);
            b.HasIndex(d => d.WishId);
            b.HasIndex(d => new { d.StationId, d.DeliveredOn });
            b.HasOne<Wish>().WithMany().HasForeignKey(d => d.WishId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Claim>().WithMany().HasForeignKey(d => d.ClaimId).OnDelete(DeleteBehavior.Restrict);
        });

        // Photos: the bytes encrypted, read only when a photo is shown (lists project the other columns).
        builder.Entity<WishPhoto>(b =>
        {
            b.ToTable("wish_photos");
            b.HasKey(p => p.Id);
            b.Property(p => p.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(p => p.ContentType).HasMaxLength(20).IsRequired();
            b.Property(p => p.Data).HasConversion(Encrypted.Bytes(protector), Encrypted.BytesComparer()).IsRequired();
            b.HasIndex(p => new { p.WishId, p.Kind });
            b.HasIndex(p => p.DeliveryId);
            b.HasOne<Wish>().WithMany().HasForeignKey(p => p.WishId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<WishDelivery>().WithMany().HasForeignKey(p => p.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Claim>(b =>
        {
            b.HasKey(c => c.Id);
            b.Property(c => c.RegionPrefix).HasMaxLength(12).IsRequired();
            b.Property(c => c.ClaimantName).HasMaxLength(Claim.NameMax).IsRequired();
            b.Property(c => c.Phone).HasConversion(Encrypted.String(protector));
            b.Property(c => c.CodeHash).HasMaxLength(64).IsRequired();
            b.HasIndex(c => new { c.WishId, c.Status });
            b.HasIndex(c => c.CodeHash);
            b.HasIndex(c => new { c.StationId, c.Status, c.PledgedBy });
            b.HasOne<Wish>().WithMany().HasForeignKey(c => c.WishId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

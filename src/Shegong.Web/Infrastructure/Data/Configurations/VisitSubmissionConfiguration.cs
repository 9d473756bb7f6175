using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Domain.Visits;

namespace Shegong.Web.Infrastructure.Data.Configurations;

/// <summary>Idempotency keys of logged visits: the primary key (user, key) is the check, made by the visit's own insert.</summary>
internal sealed class VisitSubmissionConfiguration : IEntityTypeConfiguration<VisitSubmission>
{
    public void Configure(EntityTypeBuilder<VisitSubmission> b)
    {
        b.ToTable("visit_submissions");
        b.HasKey(s => new { s.UserId, s.Key });
        b.Property(s => s.Key).HasMaxLength(VisitSubmission.KeyMax);
        b.Property(s => s.RequestHash).HasMaxLength(64).IsRequired();
        // No foreign key to the visit: its index would be one more write on the save path, and visits are never deleted.
    }
}

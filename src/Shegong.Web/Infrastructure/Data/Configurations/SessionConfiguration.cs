using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Infrastructure.Data.Configurations;

internal sealed class AuthSessionConfiguration : IEntityTypeConfiguration<AuthSession>
{
    public void Configure(EntityTypeBuilder<AuthSession> b)
    {
        b.ToTable("auth_sessions");
        b.Property(s => s.SecurityStamp).HasMaxLength(64).IsRequired();
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.UserId);
        b.HasIndex(s => s.ExpiresAtUtc);
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> b)
    {
        b.ToTable("refresh_tokens");
        b.Property(r => r.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(r => r.TokenHash).IsUnique();
        b.HasOne<AuthSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.SessionId);
    }
}

internal sealed class LoginFailureConfiguration : IEntityTypeConfiguration<LoginFailure>
{
    public void Configure(EntityTypeBuilder<LoginFailure> b)
    {
        b.ToTable("login_failures");
        b.HasKey(f => new { f.UserKey, f.Address });
        b.Property(f => f.UserKey).HasMaxLength(256);
        b.Property(f => f.Address).HasMaxLength(64);
        b.HasIndex(f => f.LastFailureUtc);
    }
}

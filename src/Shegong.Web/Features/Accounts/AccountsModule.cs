using Shegong.Web.Infrastructure.Auth;

namespace Shegong.Web.Features.Accounts;

/// <summary>Sign-in, tokens, the signed-in user's password, and the administration of accounts.</summary>
public sealed class AccountsModule : ShegongModule
{
    public override void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<Audit.Contracts.IAuditRecordNamer, AccountAuditNames>();
        // Replaces the store AddEntityFrameworkStores registered: its look-ups for sign-in see every account.
        services.AddScoped<Microsoft.AspNetCore.Identity.IUserStore<AppUser>, ShegongUserStore>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        AccountEndpoints.Map(app);
        AccountsApi.Map(api);
    }

    public override IEnumerable<NavEntry> Navigation =>
    [
        new("/admin/users", "Nav.Users", 800, Policies.Administrators),
        new("/account/password", "Nav.ChangePassword", 0) { Section = NavSection.Personal },
    ];

    public override IEnumerable<ScheduledJob> Jobs =>
        [ScheduledJob.Every<SessionCleanup.Job>("session-cleanup", TimeSpan.FromHours(1), firstRunAfter: TimeSpan.FromMinutes(5))];

    public override IEnumerable<DemoSeedStep> DemoSeed => [DemoSeedStep.Of<DemoAccounts>(300)];
}

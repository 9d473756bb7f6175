using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Shegong.Domain.Access;

namespace Shegong.Web.Infrastructure.Auth;

/// <summary>
/// Who may do what, in one place: endpoints (<c>RequireAuthorization(Policies.X)</c>), pages
/// (<c>[Authorize(Policy = Policies.X)]</c>) and menu entries name these policies, never role strings. Sign-in is
/// required everywhere unless an endpoint or page is marked <c>AllowAnonymous</c> (the fallback policy).
/// </summary>
public static class Policies
{
    /// <summary>A bearer token of any account: set once on the whole <c>/api/v1</c> group.</summary>
    public const string Api = "api";

    /// <summary>
    /// Also the browser's cookie: for API files that pages link to (Excel downloads, photos). Added to an endpoint of
    /// the <c>/api/v1</c> group, whose <see cref="Api"/> already accepts the bearer token.
    /// </summary>
    public const string ApiOrBrowser = "api-or-browser";

    /// <summary>The station's own staff, who work the ledgers, visits and wishes: social workers and the station manager.</summary>
    public const string StationWorkers = "station-workers";

    /// <summary>The manager of a station.</summary>
    public const string StationManagers = "station-managers";

    /// <summary>Staff who see stations and browse regions: station staff, supervisors, civil-affairs officers, administrators.</summary>
    public const string StationViewers = "station-viewers";

    /// <summary>Who reads cases (their own, a station manager's station, a supervisor's assigned stations): the case menu.</summary>
    public const string CaseReaders = "case-readers";

    /// <summary>Who opens new stations: civil-affairs officers and administrators.</summary>
    public const string StationCreators = "station-creators";

    /// <summary>Who edits a station within their scope (<see cref="Roles.StationEditors"/>).</summary>
    public const string StationEditors = "station-editors";

    /// <summary>Who reads the statistics of their area: station staff, supervisors, civil-affairs officers, administrators.</summary>
    public const string StatisticsReaders = "statistics-readers";

    /// <summary>Who opens the visit-rules page: station staff, civil-affairs officers, administrators.</summary>
    public const string VisitRuleReaders = "visit-rule-readers";

    /// <summary>Who sets a region's visit rules: civil-affairs officers and administrators.</summary>
    public const string VisitRuleEditors = "visit-rule-editors";

    /// <summary>Who reads the audit log of their scope (<see cref="Roles.AuditReaders"/>).</summary>
    public const string AuditReaders = "audit-readers";

    /// <summary>System administrators: accounts, region import.</summary>
    public const string Administrators = "administrators";

    /// <summary>Accounts that a donor record can be linked to, and that answer dispatch offers: donors, social organizations, volunteers.</summary>
    public const string DonorAccounts = "donor-accounts";

    private static readonly Dictionary<string, string[]> RoleSets = new()
    {
        [StationWorkers] = [Roles.SocialWorker, Roles.StationManager],
        [StationManagers] = [Roles.StationManager],
        [StationViewers] = [Roles.SocialWorker, Roles.StationManager, Roles.Supervisor, Roles.CivilAffairsOfficer, Roles.Administrator],
        [StationCreators] = [Roles.CivilAffairsOfficer, Roles.Administrator],
        [CaseReaders] = [Roles.SocialWorker, Roles.StationManager, Roles.Supervisor],
        [StationEditors] = [.. Roles.StationEditors],
        [StatisticsReaders] = [Roles.SocialWorker, Roles.StationManager, Roles.Supervisor, Roles.CivilAffairsOfficer, Roles.Administrator],
        [VisitRuleReaders] = [Roles.SocialWorker, Roles.StationManager, Roles.CivilAffairsOfficer, Roles.Administrator],
        [VisitRuleEditors] = [Roles.Administrator, Roles.CivilAffairsOfficer],
        [AuditReaders] = [.. Roles.AuditReaders],
        [Administrators] = [Roles.Administrator],
        [DonorAccounts] = [Roles.Donor, Roles.SocialOrganization, Roles.Volunteer],
    };

    /// <summary>The roles a role policy admits (for queries such as "the station's workers").</summary>
    public static IReadOnlyList<string> RolesOf(string policy) => RoleSets[policy];

    /// <summary>Whether the user holds one of the roles of a role policy (for what a page shows, not for access).</summary>
    public static bool Admits(this ClaimsPrincipal user, string policy) => RoleSets[policy].Any(user.IsInRole);

    public static AuthorizationBuilder AddShegongPolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(Api, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        builder.AddPolicy(ApiOrBrowser, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, IdentityConstants.BearerScheme).RequireAuthenticatedUser());
        foreach (var (name, roles) in RoleSets) builder.AddPolicy(name, p => p.RequireRole(roles));
        // Everything not marked otherwise needs a signed-in user. A request that matched no route passes: a mistyped
        // address still gets the not-found page (404), and routing's own refusals (405 wrong method, 415 wrong content
        // type, which are endpoints without a route) keep their status rather than turning into the sign-in page.
        builder.SetFallbackPolicy(new AuthorizationPolicyBuilder()
            .RequireAssertion(c => c.User.Identity?.IsAuthenticated == true || c.Resource is HttpContext { } http && http.GetEndpoint() is not RouteEndpoint)
            .Build());
        return builder;
    }
}

namespace Shegong.Domain.Access;

/// <summary>The roles of DOMAIN.md §2. The names are stable identifiers; the UI shows them translated.</summary>
public static class Roles
{
    public const string SocialWorker = "SocialWorker";
    public const string StationManager = "StationManager";
    public const string Supervisor = "Supervisor";
    public const string CivilAffairsOfficer = "CivilAffairsOfficer";
    public const string SocialOrganization = "SocialOrganization";
    public const string Volunteer = "Volunteer";
    public const string Donor = "Donor";
    public const string Administrator = "Administrator";

    public static readonly IReadOnlyList<string> All =
        [SocialWorker, StationManager, Supervisor, CivilAffairsOfficer, SocialOrganization, Volunteer, Donor, Administrator];

    /// <summary>Roles whose work is one station's; their users must be bound to a station, the others to a region.</summary>
    public static bool IsStationBound(string role) => role is SocialWorker or StationManager or Volunteer;

    /// <summary>Roles that may see the audit log of their scope.</summary>
    public static readonly IReadOnlyList<string> AuditReaders = [Administrator, CivilAffairsOfficer, StationManager];

    /// <summary>Roles that may create stations and edit them within their scope.</summary>
    public static readonly IReadOnlyList<string> StationEditors = [Administrator, CivilAffairsOfficer, StationManager];
}

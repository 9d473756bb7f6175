namespace Shegong.Web.Features.Stations;

internal static class StationFormat
{
    /// <summary>138****8000: enough to recognise a number, not enough to use it.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length >= 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : phone.Length > 0 ? new string('*', phone.Length) : "";
}

/// <summary>Role lists for page attributes (attributes need constants).</summary>
public static class StationRoles
{
    public const string Viewers = "SocialWorker,StationManager,Supervisor,CivilAffairsOfficer,Administrator";
    public const string Editors = "Administrator,CivilAffairsOfficer,StationManager";
    public const string Creators = "CivilAffairsOfficer,Administrator";
}

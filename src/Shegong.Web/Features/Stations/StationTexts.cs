namespace Shegong.Web.Features.Stations;

internal static class StationFormat
{
    /// <summary>138****8000: enough to recognise a number, not enough to use it.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length >= 7 ? phone[..3] + new string('*', phone.Length - 7) + phone[^4..] : phone.Length > 0 ? new string('*', phone.Length) : "";
}

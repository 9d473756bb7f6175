using Shegong.Domain.Wishes;

namespace Shegong.Web.Features.Wishes;

/// <summary>The policy limits (configuration section <c>Wishes</c>, defaults in <see cref="WishLimits"/>).</summary>
public static class WishSettings
{

    public static WishLimits Limits(IConfiguration config)
    {
        var d = WishLimits.Default;
        return new WishLimits(
            config.GetValue("Wishes:MaxValue", d.MaxValue),
            config.GetValue("Wishes:MaxQuantity", d.MaxQuantity),
            config.GetValue("Wishes:OpenWishesPerHousehold", d.OpenWishesPerHousehold),
            config.GetValue("Wishes:UnclaimedDaysBeforeDispatch", d.UnclaimedDaysBeforeDispatch),
            config.GetValue("Wishes:ClaimGraceDays", d.ClaimGraceDays));
    }

    /// <summary>Wishes that still count against a household's limit of open wishes.</summary>
    public static readonly WishStatus[] Open = [WishStatus.Draft, WishStatus.Submitted, WishStatus.Published, WishStatus.Claimed, WishStatus.Dispatching, WishStatus.Delivered];
}

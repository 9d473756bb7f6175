using Shegong.Domain.Common;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>Which entity types carry an ownership marker, and so the scope filter of their markers.</summary>
public static class ScopeMarkers
{
    public static readonly IReadOnlyList<Type> Markers = [typeof(IStationOwned), typeof(IRegionOwned), typeof(IUserOwned)];

    public static bool IsOwned(Type clrType) => Markers.Any(m => m.IsAssignableFrom(clrType));
}

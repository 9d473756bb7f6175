namespace Shegong.Domain.Common;

/// <summary>A record edited by people at the same time: its version goes up with every change, and a save made on an older version is refused.</summary>
public interface IVersioned
{
    int Version { get; }
}

using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Shegong.Web;

/// <summary>
/// Marker for the one resource set, Resources/SharedResource (中文, default) and its .en satellite. The build generates
/// it from every module's Strings.tsv (build/Strings.targets), so a module adds strings without touching a shared file.
/// </summary>
public sealed class SharedResource;

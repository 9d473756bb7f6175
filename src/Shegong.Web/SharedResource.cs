using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Shegong.Web;

/// <summary>Marker for the one resource file set: Resources/SharedResource.resx (中文, default) and .en.resx.</summary>
public sealed class SharedResource;

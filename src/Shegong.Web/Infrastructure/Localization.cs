using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Shegong.Web.Infrastructure;

/// <summary>Chinese by default, English on request (a cookie set by /culture/set); the browser's language is not consulted.</summary>
public static class Localization
{
    public static readonly CultureInfo Chinese = new("zh-CN");
    public static readonly CultureInfo English = new("en");

    public static IServiceCollection AddShegongLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Chinese);
            o.SupportedCultures = [Chinese, English];
            o.SupportedUICultures = [Chinese, English];
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new QueryStringRequestCultureProvider()];
        });
        return services;
    }

    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture/set", (string culture, string? returnUrl, HttpContext http) =>
        {
            var c = culture == "en" ? English : Chinese;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

    /// <summary>
    /// A return address of this site only: a path from the root. "//evil.example", "/\evil.example" (browsers read a
    /// backslash as a slash) and anything with a control character go home instead, never to another site.
    /// </summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\'))
            && !url.Contains('\\') && !url.Any(char.IsControl) && Uri.TryCreate(url, UriKind.Relative, out _)
            ? url : "/";
}

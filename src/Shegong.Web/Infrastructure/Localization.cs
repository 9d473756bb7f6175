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
            var target = string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//") ? "/" : returnUrl;
            return Results.LocalRedirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
}

using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Localization;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// A JSON body binds even when it leaves out a member the request cannot do without: <c>{}</c> gives a request whose
/// <c>Person</c> is null. Every <c>/api</c> endpoint with a body checks, before its handler runs, that each member
/// declared non-nullable (a reference type without <c>?</c>, also inside nested records and list elements) is there,
/// and answers a 400 naming it (人员信息：不能为空) otherwise. Value types keep their defaults, as before; a null
/// element of a list is left to the handler, which names it in its own words (认领份数…).
/// </summary>
public static class RequiredBodyMembers
{
    private const int MaxDepth = 6;
    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    private sealed record Member(PropertyInfo Property, bool Required);

    public static EndpointFilterDelegate Factory(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var index = Array.FindIndex(parameters, IsBody);
        if (index < 0) return next;
        return async invocation =>
        {
            if (invocation.Arguments[index] is { } body && FirstMissing(body, 0) is { } missing)
            {
                var http = invocation.HttpContext;
                var l = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                var key = InputGuard.FieldKey(missing);
                var name = l["Field." + key];
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Shegong.Input")
                    .LogInformation("{Method} {Path} refused with 400: {Field} missing", http.Request.Method, http.Request.Path.Value, key);
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { [key] = [$"{(name.ResourceNotFound ? key : name.Value)}：{l["Error.Required"]}"] },
                    title: l["Error.ValidationTitle"]);
            }
            return await next(invocation);
        };
    }

    /// <summary>A request record of Shegong's own (handlers and services are classes, query records come [AsParameters]).</summary>
    private static bool IsBody(ParameterInfo p) =>
        IsOurs(p.ParameterType) && IsRecord(p.ParameterType) && p.GetCustomAttribute<AsParametersAttribute>() is null;

    private static bool IsOurs(Type t) => t.Assembly == typeof(RequiredBodyMembers).Assembly || t.Assembly == typeof(Domain.Common.DomainException).Assembly;

    private static bool IsRecord(Type t) => t.IsClass && t.GetMethod("<Clone>$") is not null;

    private static string? FirstMissing(object value, int depth)
    {
        if (depth > MaxDepth) return null;
        foreach (var m in Members.GetOrAdd(value.GetType(), Describe))
        {
            var v = m.Property.GetValue(value);
            if (v is null)
            {
                if (m.Required) return m.Property.Name;
                continue;
            }
            if (v is string) continue;
            if (v is IEnumerable items)
            {
                foreach (var item in items)
                {
                    if (item is null) continue;
                    if (IsOurs(item.GetType()) && !item.GetType().IsEnum && FirstMissing(item, depth + 1) is { } inner) return inner;
                }
                continue;
            }
            if (IsOurs(v.GetType()) && !v.GetType().IsEnum && FirstMissing(v, depth + 1) is { } nested) return nested;
        }
        return null;
    }

    private static Member[] Describe(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && (!p.PropertyType.IsValueType || IsOurs(p.PropertyType)))
            .Where(p => !p.PropertyType.IsEnum && Nullable.GetUnderlyingType(p.PropertyType) is null)
            .Select(p => new Member(p, !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull))
            .ToArray();
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.MicrosoftExtensions;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) as a client generator needs it:
/// <list type="bullet">
/// <item>schema names from the declaring type: a use case's nested <c>Command</c> is <c>{UseCase}Request</c>
/// (<c>CreateWish.Command</c> → <c>CreateWishRequest</c>), its <c>Result</c> is <c>{UseCase}Response</c>, or
/// <c>{Things}Page</c> for a paged list (<c>ListPersons.Result</c> → <c>PersonsPage</c>), any other nested type
/// <c>{UseCase}{Name}</c>; records nested in an <c>…Api</c> class keep their own name unless two share it;</item>
/// <item>flag enums (<c>PersonTypes</c>, <c>AssistanceKinds</c>) as what travels: one string of names separated by
/// commas (<c>"MinimumLiving, Disabled"</c>), with the names listed and <c>x-ms-enum-flags</c> set;</item>
/// <item>a nullable property is not <c>required</c>, and a nullable enum property is <c>null</c> or the enum (the
/// enum itself has no <c>null</c> member);</item>
/// <item>every operation that needs a sign-in documents 401 (and 403 where a role is needed); versioned writes
/// document the <c>ETag</c> of their 204 and the <c>If-Match</c> they accept.</item>
/// </list>
/// </summary>
public static class ApiDocument
{
    public static IServiceCollection AddShegongOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = SchemaId;
            o.AddSchemaTransformer((schema, context, _) =>
            {
                Describe(schema, context);
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                DescribeAccess(operation, context);
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "Shegong 社工站服务平台 API";
                doc.Info.Description = "社工站服务平台接口。调用前先以 POST /api/v1/auth/token 取得 Bearer 令牌。"
                    + "带版本的修改（人员、家庭、社工站、心愿、捐赠方、走访规则）成功时返回 204 与新版本号的 ETag 头；下次修改可把它放在 If-Match 头或请求体的 version 中。"
                    + " (Versioned writes answer 204 with the new version as ETag; send it back as If-Match or as the body's version.)";
                FixNullableEnums(doc);
                return Task.CompletedTask;
            });
        });

    /// <summary>The component name of a type, or null to inline it (primitives, as by default).</summary>
    public static string? SchemaId(JsonTypeInfo info)
    {
        var fallback = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        if (fallback is null) return null;
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type.IsGenericType || type.IsArray || type.Namespace?.StartsWith("Shegong.", StringComparison.Ordinal) != true) return fallback;
        return NameOf(type);
    }

    public static string NameOf(Type type)
    {
        if (type.GetCustomAttribute<ApiNameAttribute>() is { } named) return named.Name;
        if (type.DeclaringType is not { } outer) return type.Name;
        var owner = NameOf(outer);
        if (outer.Name.EndsWith("Api", StringComparison.Ordinal))
            return SharedApiNames.Value.Contains(type.Name) ? owner[..^3] + type.Name : type.Name;
        return type.Name switch
        {
            "Command" => owner + "Request",
            "Result" when IsPage(type) && owner.StartsWith("List", StringComparison.Ordinal) => owner[4..] + "Page",
            "Result" when IsPage(type) && owner.StartsWith("Search", StringComparison.Ordinal) => owner[6..] + "Page",
            "Result" => owner + "Response",
            _ => owner + type.Name,
        };
    }

    private static bool IsPage(Type type) => type.GetProperty("Items") is not null && type.GetProperty("Total") is not null;

    /// <summary>Names of records nested in two or more <c>…Api</c> classes (e.g. two <c>ImportResponse</c>): these get the API's prefix.</summary>
    private static readonly Lazy<HashSet<string>> SharedApiNames = new(() =>
        typeof(ApiDocument).Assembly.GetTypes()
            .Where(t => t.DeclaringType is { } d && d.Name.EndsWith("Api", StringComparison.Ordinal) && t.IsPublic is false && t.IsNestedPublic)
            .GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet());

    /// <summary>(schema, property) pairs whose property is a nullable enum, found while the schemas were made.</summary>
    private static readonly ConcurrentDictionary<(string Schema, string Property), bool> NullableEnumProperties = new();

    private static void Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var info = context.JsonTypeInfo;
        var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
        if (type.IsEnum && type.IsDefined(typeof(FlagsAttribute)))
        {
            schema.Type = JsonSchemaType.String;
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n))];
            schema.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            schema.Extensions[OpenApiEnumFlagsExtension.Name] = new OpenApiEnumFlagsExtension { IsFlags = true };
            schema.Description = "可组合：以英文逗号分隔的名称，如 \"" + string.Join(", ", Enum.GetNames(type).Skip(1).Take(2)) + "\"；无则为 \"None\""
                + " (Flags: names separated by commas, e.g. \"" + string.Join(", ", Enum.GetNames(type).Skip(1).Take(2)) + "\"; \"None\" when empty)";
            return;
        }
        // Strings go through SafeStringConverter (the control-character guard); a custom converter leaves the schema
        // without a type ("any"), so the type is put back: a string, or null where the property may be null.
        if (type == typeof(string) && schema.Type is null or 0)
        {
            var nullable = context.JsonPropertyInfo is { } p && (p.IsGetNullable || p.IsSetNullable);
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            return;
        }
        // Also when the object is a property's (JsonPropertyInfo set): nested records are described there.
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
        {
            var nullableValue = Nullable.GetUnderlyingType(property.PropertyType);
            var nullable = nullableValue is not null || (!property.PropertyType.IsValueType && (property.IsGetNullable || property.IsSetNullable));
            if (!nullable) continue;
            schema.Required?.Remove(property.Name);
            if (nullableValue is { IsEnum: true } && SchemaId(info) is { } id) NullableEnumProperties[(id, property.Name)] = true;
        }
    }

    /// <summary>
    /// ASP.NET Core puts <c>null</c> among an enum's members when some property holds a nullable one, so every use of
    /// the enum would allow null. The members lose it; the properties that are nullable say so themselves.
    /// </summary>
    private static void FixNullableEnums(OpenApiDocument doc)
    {
        if (doc.Components?.Schemas is not { } schemas) return;
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            if (schema.Enum is not { Count: > 0 } members) continue;
            // Enums travel as their names (JsonStringEnumConverter): a string, never null by themselves.
            schema.Enum = [.. members.Where(m => m is not null)];
            if (schema.Enum.All(m => m is JsonValue v && v.TryGetValue<string>(out _))) schema.Type = JsonSchemaType.String;
        }
        foreach (var ((schemaId, property), _) in NullableEnumProperties)
        {
            if (!schemas.TryGetValue(schemaId, out var owner) || owner is not OpenApiSchema { Properties: { } properties }
                || !properties.TryGetValue(property, out var current) || current is not OpenApiSchemaReference reference) continue;
            properties[property] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] };
        }
    }

    private static void DescribeAccess(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= [];
        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            // The fallback policy asks for a sign-in wherever an endpoint is not marked anonymous.
            Add(operation, context, "401", "未登录或令牌无效 (Not signed in, or the token is not valid)");
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
                Add(operation, context, "403", "无权操作 (The account's role may not do this)");
        }
        // A parameter or body that does not bind (a word for a number, broken JSON) is a 400 with a problem body.
        if ((operation.Parameters is { Count: > 0 } || operation.RequestBody is not null) && !operation.Responses.ContainsKey("400"))
            Add(operation, context, "400", "请求格式不正确 (The request could not be read: a parameter or the body has the wrong form)");
        if (metadata.OfType<VersionTag.Metadata>().ToList() is { Count: > 0 } versioned)
        {
            if (operation.Responses.TryGetValue("204", out var saved) && saved is OpenApiResponse response)
            {
                response.Description = "已保存；ETag 为记录的新版本号 (Saved; ETag is the record's new version)";
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["ETag"] = new OpenApiHeader
                {
                    Description = "记录的新版本号，如 \"3\" (The record's new version, e.g. \"3\")",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            if (!versioned.Any(v => v.TakesIfMatch)) return;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = VersionTag.IfMatchField,
                In = ParameterLocation.Header,
                Required = false,
                Description = "可选：所编辑的版本（上次的 ETag），代替请求体中的 version；不符时 409 (Optional: the version edited, as the last ETag gave it, instead of the body's version; 409 when stale)",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
    }
}

/// <summary>The schema name of an API record whose own name says too little outside its class (<c>PersonsApi.UpdateRequest</c> → <c>UpdatePersonRequest</c>).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false)]
public sealed class ApiNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

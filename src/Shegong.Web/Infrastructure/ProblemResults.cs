using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Shegong.Web.Infrastructure;

/// <summary>
/// A ProblemDetails answer (application/problem+json, Chinese title and detail) whose status code is part of its type,
/// so that an endpoint returning <c>Results&lt;…, ConflictProblem&gt;</c> documents the 409 in the OpenAPI document
/// (<see cref="ProblemHttpResult"/> carries its status only at run time and documents nothing).
/// </summary>
public abstract class StatusProblem(ProblemHttpResult inner) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    public ProblemDetails Value => inner.ProblemDetails;
    object? IValueHttpResult.Value => inner.ProblemDetails;
    public int? StatusCode => inner.StatusCode;
    public string? ContentType => inner.ContentType;
    public Task ExecuteAsync(HttpContext httpContext) => inner.ExecuteAsync(httpContext);

    protected static void Describe(EndpointBuilder builder, int status)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
    }
}

/// <summary>409: the record changed since the caller read it (or the request clashes with its state).</summary>
public sealed class ConflictProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static ConflictProblem Of(IStringLocalizer l, string? detail = null) =>
        new(TypedResults.Problem(detail ?? l["Error.Concurrency"], statusCode: StatusCodes.Status409Conflict, title: l["Error.ConflictTitle"]));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>403: signed in, but this role may not do this.</summary>
public sealed class ForbiddenProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static ForbiddenProblem Of(IStringLocalizer l, string? detail = null) =>
        new(TypedResults.Problem(detail ?? l["Error.Forbidden"], statusCode: StatusCodes.Status403Forbidden, title: l["Error.ForbiddenTitle"]));
    public static ForbiddenProblem Of(string title, string detail) =>
        new(TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: title));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status403Forbidden);
}

/// <summary>429: too many requests from this address.</summary>
public sealed class TooManyRequestsProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static TooManyRequestsProblem Of(string title, string detail) =>
        new(TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: title));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status429TooManyRequests);
}

/// <summary>422: understood but refused (e.g. an Idempotency-Key reused with another body).</summary>
public sealed class UnprocessableProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static UnprocessableProblem Of(string title, string detail) =>
        new(TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status422UnprocessableEntity);
}

/// <summary>401: the user name or password is wrong, or the account is locked.</summary>
public sealed class UnauthorizedProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static UnauthorizedProblem Of(string title, string detail) =>
        new(TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: title));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status401Unauthorized);
}

/// <summary>400 that is not about one field (e.g. an import refused as a whole), with extensions such as the row report.</summary>
public sealed class BadRequestProblem(ProblemHttpResult inner) : StatusProblem(inner), IEndpointMetadataProvider
{
    public static BadRequestProblem Of(string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        new(TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: title, extensions: extensions));
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status400BadRequest);
}

/// <summary>204 with a record's new version in the <c>ETag</c> header (<c>"7"</c>); the two kinds differ only in what they document.</summary>
public abstract class VersionAnswer(int version) : IResult, IStatusCodeHttpResult
{
    public int Version { get; } = version;
    public int? StatusCode => StatusCodes.Status204NoContent;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.ETag = VersionTag.Format(Version);
        httpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    protected static void Describe(EndpointBuilder builder, VersionTag.Metadata kind)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, typeof(void)));
        builder.Metadata.Add(kind);
    }
}

/// <summary>
/// 204 for a write of a versioned record (person, household, station, wish, donor, visit rules): the record's new
/// version travels in the <c>ETag</c> header, so the next edit can send it back as <c>If-Match</c> or as the body's
/// <c>version</c> without reading the record again.
/// </summary>
public sealed class SavedVersion(int version) : VersionAnswer(version), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, VersionTag.Metadata.Instance);
}

/// <summary>
/// 204 for a write that changes a versioned record without taking its version (a delivery changes the wish): the
/// record's new version in the <c>ETag</c> header, for the next versioned write.
/// </summary>
public sealed class ChangedVersion(int version) : VersionAnswer(version), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, VersionTag.Metadata.ETagOnly);
}

/// <summary>The version of a record as an entity tag: <c>"7"</c> (strong). <c>If-Match</c> takes the place of the body's version.</summary>
public static class VersionTag
{
    public const string IfMatchField = "If-Match";

    /// <summary>Marks an endpoint whose 204 carries the new version in ETag and, unless <see cref="ETagOnly"/>, that
    /// accepts If-Match (documented by the OpenAPI transformer).</summary>
    public sealed class Metadata
    {
        private Metadata(bool takesIfMatch) => TakesIfMatch = takesIfMatch;
        public bool TakesIfMatch { get; }
        public static readonly Metadata Instance = new(true);
        /// <summary>A write that changes a versioned record without naming a version (a delivery, a withdrawn claim, a
        /// reported event): it answers the record's new version, so the next versioned write needs no read first.</summary>
        public static readonly Metadata ETagOnly = new(false);
    }

    public static string Format(int version) => $"\"{version}\"";

    /// <summary>
    /// The version the caller edited: the <c>If-Match</c> header when there is one (<c>"7"</c>, <c>W/"7"</c> or <c>7</c>),
    /// else the body's. False when If-Match is present but is not one version number.
    /// </summary>
    public static bool TryRead(HttpContext http, int bodyVersion, out int version)
    {
        version = bodyVersion;
        var header = http.Request.Headers.IfMatch;
        if (header.Count == 0) return true;
        if (header.Count > 1) return false;
        var raw = (header[0] ?? "").Trim();
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"') raw = raw[1..^1];
        return raw.Length is > 0 and <= 10 && raw.All(char.IsAsciiDigit) && int.TryParse(raw, out version);
    }

    public static ValidationProblem Invalid(IStringLocalizer l) =>
        ErrorHandling.Validation(l, [(IfMatchField, $"{IfMatchField}：{l["Error.IfMatchFormat"]}")]);
}

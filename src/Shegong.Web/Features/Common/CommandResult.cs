using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Web.Infrastructure;

namespace Shegong.Web.Features.Common;

public enum Outcome { Ok, NotFound, Invalid, Conflict }

/// <summary>What a write use case reports: done (with the new id), not found in your scope, invalid input
/// (field + message, in the user's language) or a conflicting edit. Pages and API map it the same way. A write of a
/// versioned record reports the record's new <see cref="Version"/>.</summary>
public sealed record CommandResult(Outcome Outcome, IReadOnlyList<(string Field, string Message)> Errors, Guid? Id = null)
{
    /// <summary>The record's version after the save (versioned records only).</summary>
    public int? Version { get; init; }

    public static CommandResult Ok(Guid? id = null) => new(Outcome.Ok, [], id);
    public static CommandResult Ok(Guid id, IVersioned saved) => new(Outcome.Ok, [], id) { Version = saved.Version };
    public static readonly CommandResult NotFound = new(Outcome.NotFound, []);
    public static CommandResult Invalid(string field, string message) => new(Outcome.Invalid, [(field, message)]);
    public static CommandResult Invalid(IStringLocalizer l, DomainException e) => new(Outcome.Invalid, e.Each.Select(x => (x.Field, ErrorHandling.Message(l, x))).ToList());
    public static CommandResult Conflict(IStringLocalizer l) => new(Outcome.Conflict, [("", l["Error.Concurrency"])]);

    public bool Succeeded => Outcome == Outcome.Ok;

    /// <summary>For pages: field → message, the general message under the key "".</summary>
    public Dictionary<string, string> ErrorsByField() =>
        Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join("；", g.Select(e => e.Message)));

    /// <summary>For the API: 404 / 400 ValidationProblem / 409 ProblemDetails, all in Chinese; <paramref name="ok"/> otherwise.</summary>
    public IResult ToHttp(IStringLocalizer l, Func<CommandResult, IResult> ok) => Outcome switch
    {
        Outcome.Ok => ok(this),
        Outcome.NotFound => ErrorHandling.NotFound(l),
        Outcome.Conflict => TypedResults.Problem(l["Error.Concurrency"], statusCode: StatusCodes.Status409Conflict, title: l["Error.ConflictTitle"]),
        _ => ErrorHandling.Validation(l, Errors),
    };

    /// <summary>
    /// For the API, typed so that the OpenAPI document lists every answer: <paramref name="ok"/>, 404, 400 naming the
    /// fields, 409 (any write may meet a concurrent edit).
    /// </summary>
    public Results<TOk, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem> ToResults<TOk>(IStringLocalizer l, Func<CommandResult, TOk> ok)
        where TOk : IResult => Outcome switch
    {
        Outcome.Ok => ok(this),
        Outcome.NotFound => ErrorHandling.NotFound(l),
        Outcome.Conflict => ConflictProblem.Of(l),
        _ => ErrorHandling.Validation(l, Errors),
    };

    /// <summary>As <see cref="ToResults{TOk}"/> for an endpoint that may also answer <typeparamref name="TExtra"/> before the use case runs (403, 429).</summary>
    public Results<TOk, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, TExtra> ToResults<TOk, TExtra>(IStringLocalizer l, Func<CommandResult, TOk> ok)
        where TOk : IResult where TExtra : IResult => Outcome switch
    {
        Outcome.Ok => ok(this),
        Outcome.NotFound => ErrorHandling.NotFound(l),
        Outcome.Conflict => ConflictProblem.Of(l),
        _ => ErrorHandling.Validation(l, Errors),
    };

    public Results<SavedVersion, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, TExtra> ToSaved<TExtra>(IStringLocalizer l) where TExtra : IResult =>
        ToResults<SavedVersion, TExtra>(l, r => new SavedVersion(r.Version ?? throw new InvalidOperationException("a versioned write reported no version")));

    public Results<NoContent, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem, TExtra> ToNoContent<TExtra>(IStringLocalizer l) where TExtra : IResult =>
        ToResults<NoContent, TExtra>(l, _ => TypedResults.NoContent());

    /// <summary>A write of a versioned record: 204 with the new version as ETag, or the errors as <see cref="ToResults{TOk}"/>.</summary>
    public Results<SavedVersion, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem> ToSaved(IStringLocalizer l) =>
        ToResults(l, r => new SavedVersion(r.Version ?? throw new InvalidOperationException("a versioned write reported no version")));

    /// <summary>A write that changes a versioned record without taking its version: 204 with the new version as ETag.</summary>
    public Results<ChangedVersion, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem> ToChanged(IStringLocalizer l) =>
        ToResults(l, r => new ChangedVersion(r.Version ?? throw new InvalidOperationException("a write of a versioned record reported no version")));

    /// <summary>A write that answers 204 with no body.</summary>
    public Results<NoContent, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem> ToNoContent(IStringLocalizer l) =>
        ToResults(l, _ => TypedResults.NoContent());

    /// <summary>A write that creates a record: 201 with its id and its address.</summary>
    public Results<Created<IdResponse>, NotFound<ProblemDetailsLike>, ValidationProblem, ConflictProblem> ToCreated(IStringLocalizer l, Func<Guid, string> location) =>
        ToResults(l, r => TypedResults.Created(location(r.Id!.Value), new IdResponse(r.Id!.Value)));
}

using Microsoft.Extensions.Localization;
using Shegong.Domain.Common;
using Shegong.Web.Infrastructure;

namespace Shegong.Web.Features.Common;

public enum Outcome { Ok, NotFound, Invalid, Conflict }

/// <summary>What a write use case reports: done (with the new id), not found in your scope, invalid input
/// (field + message, in the user's language) or a conflicting edit. Pages and API map it the same way.</summary>
public sealed record CommandResult(Outcome Outcome, IReadOnlyList<(string Field, string Message)> Errors, Guid? Id = null)
{
    public static CommandResult Ok(Guid? id = null) => new(Outcome.Ok, [], id);
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
}

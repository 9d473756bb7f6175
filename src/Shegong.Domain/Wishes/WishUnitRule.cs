using System.Linq.Expressions;

namespace Shegong.Domain.Wishes;

/// <summary>
/// The one rule for a wish's claimed units (认领): when units may be taken and given back, and the status after.
/// Written as expressions so that it exists once and runs in two places: at runtime the web layer's conditional
/// update (<c>WishUnits</c>) puts it into the UPDATE's WHERE and SET, so concurrent claims never read-then-write;
/// seeds and unit tests apply the same rule in memory through <see cref="Wish.ClaimUnits"/> and
/// <see cref="Wish.ReturnUnits"/>.
/// </summary>
public static class WishUnitRule
{
    /// <summary>Units may be taken from a wish on the board or in the dispatch queue: at least one, never more than are left.</summary>
    public static readonly Expression<Func<Wish, int, bool>> CanTake = (w, units) =>
        units >= 1 && (w.Status == WishStatus.Published || w.Status == WishStatus.Dispatching) && w.UnitsClaimed + units <= w.Quantity;

    /// <summary>Taking the last unit makes the wish Claimed.</summary>
    public static readonly Expression<Func<Wish, int, WishStatus>> StatusAfterTake = (w, units) =>
        w.UnitsClaimed + units == w.Quantity ? WishStatus.Claimed : w.Status;

    /// <summary>The units of a claim that ended (withdrawn, released) go back; delivered units never do.</summary>
    public static readonly Expression<Func<Wish, int, bool>> CanReturn = (w, units) =>
        units >= 1 && units <= w.UnitsClaimed - w.UnitsDelivered;

    /// <summary>A Claimed wish is open again: in the dispatch queue when the claim came from dispatch, else on the board.</summary>
    public static readonly Expression<Func<Wish, bool, WishStatus>> StatusAfterReturn = (w, toDispatch) =>
        w.Status == WishStatus.Claimed ? (toDispatch ? WishStatus.Dispatching : WishStatus.Published) : w.Status;

    private static readonly Func<Wish, int, bool> CanTakeCompiled = CanTake.Compile();
    private static readonly Func<Wish, int, WishStatus> StatusAfterTakeCompiled = StatusAfterTake.Compile();
    private static readonly Func<Wish, int, bool> CanReturnCompiled = CanReturn.Compile();
    private static readonly Func<Wish, bool, WishStatus> StatusAfterReturnCompiled = StatusAfterReturn.Compile();

    internal static bool CanTakeNow(Wish w, int units) => CanTakeCompiled(w, units);
    internal static WishStatus StatusAfterTakeNow(Wish w, int units) => StatusAfterTakeCompiled(w, units);
    internal static bool CanReturnNow(Wish w, int units) => CanReturnCompiled(w, units);
    internal static WishStatus StatusAfterReturnNow(Wish w, bool toDispatch) => StatusAfterReturnCompiled(w, toDispatch);

    /// <summary>
    /// The rule with its second argument fixed, for a query: <c>db.Wishes.Where(WishUnitRule.Bind(CanTake, 2))</c>. The value is
    /// captured like a closure variable, so a query provider sends it as a parameter.
    /// </summary>
    public static Expression<Func<Wish, TResult>> Bind<TArg, TResult>(Expression<Func<Wish, TArg, TResult>> rule, TArg value)
    {
        var captured = Expression.Property(Expression.Constant(new Captured<TArg>(value)), nameof(Captured<TArg>.Value));
        var body = new Substitute(rule.Parameters[1], captured).Visit(rule.Body);
        return Expression.Lambda<Func<Wish, TResult>>(body, rule.Parameters[0]);
    }

    private sealed class Captured<T>(T value)
    {
        public T Value { get; } = value;
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

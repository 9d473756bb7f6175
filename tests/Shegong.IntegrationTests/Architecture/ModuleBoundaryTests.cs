using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using Shegong.Web;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Shegong.IntegrationTests.Architecture;

/// <summary>
/// ARCHITECTURE.md, Modules: a module reaches another only through the owner's <c>Contracts/</c>. A type in
/// <c>Shegong.Web.Features.&lt;A&gt;</c> (or below) must not use a type of <c>Shegong.Web.Features.&lt;B&gt;</c> outside
/// <c>&lt;B&gt;.Contracts</c>. <c>Features.Common</c> is shared by all. Reads the compiled assembly; needs no database.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string Features = "Shegong.Web.Features";

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Web =
        new(() => new ArchLoader().LoadAssemblies(typeof(SharedResource).Assembly).Build());

    /// <summary>
    /// The few crossings allowed, each with its reason: (the module that reaches out, the type it may use).
    /// Keep this list short; a new entry needs a reason a reviewer accepts.
    /// </summary>
    private static readonly (string From, string AllowedPrefix, string Reason)[] Exceptions =
    [
        ("Home", $"{Features}.Visits.GetWorkQueue", "the home page is a dashboard: it shows the worker's queue as Visits computes it"),
        ("Home", $"{Features}.Statistics.", "the home page shows the area's headline figures as Statistics computes them (Statistics is being restructured separately)"),
        ("Visits", $"{Features}.Registry.ListPersons", "the overdue list is Registry's person list filtered by due date (ListPersons.Query.Overdue), one query for both"),
        ("Wishes", $"{Features}.Statistics.StatPeriod", "公示 (disclosure) uses the period type of the wish figures; Statistics is being restructured separately"),
    ];

    public static TheoryData<string> Modules() =>
        new(typeof(SharedResource).Assembly.GetTypes().Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n[(Features.Length + 1)..].Split('.')[0]).Where(m => m != "Common").Distinct().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_uses_other_modules_only_through_their_contracts(string module)
    {
        // Any module but this one and Common, at any depth, except a Contracts namespace (or below) right under the module.
        var others = $@"^{Regex.Escape(Features)}\.(?!(?:{Regex.Escape(module)}|Common)(?:\.|$))[A-Za-z0-9_]+(?!\.Contracts(?:\.|$))(?:\.[A-Za-z0-9_]+)*$";
        var forbidden = Types().That().ResideInNamespaceMatching(others);
        foreach (var (_, prefix, _) in Exceptions.Where(e => e.From == module)) forbidden = forbidden.And().DoNotHaveFullNameStartingWith(prefix);
        Types().That().ResideInNamespaceOrBelow($"{Features}.{module}")
            .Should().NotDependOnAny(forbidden.As($"non-Contracts types of other modules"))
            .Because($"{module} may use another module only through that module's Contracts/ (ARCHITECTURE.md, Modules)")
            .Check(Web.Value);
    }

    [Fact]
    public void The_module_list_is_not_empty() => Modules().Count.ShouldBeGreaterThan(5);

    [Fact]
    public void Every_exception_names_a_module_and_gives_a_reason() =>
        Exceptions.ShouldAllBe(e => e.Reason.Length > 10 && e.AllowedPrefix.StartsWith(Features + ".") && !e.AllowedPrefix.StartsWith($"{Features}.{e.From}."));
}

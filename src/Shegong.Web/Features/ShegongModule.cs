using Shegong.Web.Infrastructure.Seed;

namespace Shegong.Web.Features;

/// <summary>
/// A module plugs in from its own folder: <c>Features/&lt;Name&gt;/&lt;Name&gt;Module.cs</c> derives from this class and
/// says what the module adds to the host. Modules are found by reflection (<see cref="ShegongModules"/>); nothing
/// shared names them. Use-case handlers (nested classes named <c>Handler</c>) are registered by convention.
/// </summary>
public abstract class ShegongModule
{
    /// <summary>The module's folder under <c>Features/</c> (the last part of its namespace).</summary>
    public string Name => GetType().Namespace![(GetType().Namespace!.LastIndexOf('.') + 1)..];

    /// <summary>Services beyond the handlers: singletons, seed steps' helpers, command helpers.</summary>
    public virtual void AddServices(IServiceCollection services, IConfiguration config) { }

    /// <summary>
    /// Endpoints. <paramref name="api"/> is the <c>/api/v1</c> group, which already requires a bearer token
    /// (<c>Policies.Api</c>); <paramref name="app"/> is the root, for browser-side endpoints (form posts, files).
    /// </summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) { }

    /// <summary>The module's menu entries; the menu shows them by <see cref="NavEntry.Order"/>.</summary>
    public virtual IEnumerable<NavEntry> Navigation => [];

    /// <summary>Scheduled jobs (Quartz.NET); each must be idempotent, as every node runs them.</summary>
    public virtual IEnumerable<ScheduledJob> Jobs => [];

    /// <summary>The module's steps of the demo data, run in <see cref="DemoSeedStep.Order"/> on a first start.</summary>
    public virtual IEnumerable<DemoSeedStep> DemoSeed => [];

    /// <summary>Administrative commands (<c>dotnet run --project src/Shegong.Web -- &lt;name&gt; …</c>).</summary>
    public virtual IEnumerable<ModuleCommand> Commands => [];
}

/// <summary>What a command gets: the request-like scope's services and context, the host's settings (<c>--key value</c>) and its words.</summary>
public sealed record CommandContext(IServiceProvider Services, Infrastructure.Data.ShegongDbContext Db, IConfiguration Configuration, string[] Words);

/// <summary>An administrative command: its name (the first word), a usage line, and what it does (exit code 0, 1 on failure, 2 on wrong usage).</summary>
public sealed record ModuleCommand(string Name, string Usage, Func<CommandContext, Task<int>> RunAsync);

/// <summary>Which paths mark a menu entry as the current page.</summary>
public enum NavMatch
{
    /// <summary>The entry's address and the pages beneath it (NavLink's prefix match).</summary>
    Prefix,
    /// <summary>The entry's address only.</summary>
    Exact,
    /// <summary>The entry's address and the pages beneath it, except those beneath another entry's address.</summary>
    OwnPages,
}

/// <summary>The menu's two parts: the modules' pages, and the signed-in user's own (below the line).</summary>
public enum NavSection { Main, Personal }

/// <summary>A count shown beside a menu entry (unread notifications), worked out in a scope of its own.</summary>
public sealed record NavBadge(Func<IServiceProvider, Task<int>> CountAsync, string TestId);

/// <summary>
/// A menu entry: the address, the resource key of its label, its place, and the policy of who sees it (null: any
/// signed-in user). The policy is the same one that guards the page, so an entry never leads to a refusal.
/// </summary>
public sealed record NavEntry(string Href, string LabelKey, int Order, string? Policy = null)
{
    public NavMatch Match { get; init; } = NavMatch.Prefix;
    public NavSection Section { get; init; } = NavSection.Main;
    public string? TestId { get; init; }
    public NavBadge? Badge { get; init; }
}

/// <summary>A job run every <see cref="Interval"/>, the first time <see cref="FirstRunAfter"/> after the start.</summary>
public sealed record ScheduledJob(string Key, Type JobType, TimeSpan Interval, TimeSpan FirstRunAfter)
{
    public static ScheduledJob Every<TJob>(string key, TimeSpan interval, TimeSpan firstRunAfter) where TJob : Quartz.IJob =>
        new(key, typeof(TJob), interval, firstRunAfter);
}

/// <summary>A step of the demo data: <typeparamref name="TStep"/> is resolved from the request's services and run in order.</summary>
public sealed record DemoSeedStep(int Order, Type StepType)
{
    public static DemoSeedStep Of<TStep>(int order) where TStep : class, IDemoSeedStep => new(order, typeof(TStep));
}

/// <summary>The modules of this host, found once by reflection: every concrete <see cref="ShegongModule"/>.</summary>
public static class ShegongModules
{
    public static readonly IReadOnlyList<ShegongModule> All = typeof(ShegongModule).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(ShegongModule)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ShegongModule)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>The menu: every module's entries, by section and order.</summary>
    public static readonly IReadOnlyList<NavEntry> Navigation =
        [.. All.SelectMany(m => m.Navigation).OrderBy(e => e.Section).ThenBy(e => e.Order)];
}

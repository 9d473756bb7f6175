using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Shegong.Domain.Access;
using Shegong.Domain.Audit;
using Shegong.Domain.Common;
using Shegong.Domain.Regions;
using Shegong.Domain.Stations;
using Shegong.Web.Infrastructure.Audit;
using Shegong.Web.Infrastructure.Auth;
using Shegong.Web.Infrastructure.Privacy;
using Shegong.Web.Infrastructure.Statistics;
using Shegong.Domain.Statistics;
using Shegong.Domain.Wishes;
using Shegong.Domain.Registry;
using Shegong.Domain.Visits;
using Shegong.Web.Infrastructure.Data.Configurations;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// The one model. Provider subclasses (<see cref="SqliteShegongDbContext"/>, <see cref="PostgresShegongDbContext"/>)
/// only exist so that each provider keeps its own migrations. Every query of station-, region- and user-owned data
/// (<see cref="IStationOwned"/>, <see cref="IRegionOwned"/>, <see cref="IUserOwned"/>) is filtered by the caller's
/// <see cref="DataScope"/>, which is nothing outside a request unless the code asked for the system scope; every write is appended to the audit chain of the acting scope in the same transaction.
/// </summary>
public abstract partial class ShegongDbContext : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    private readonly IScopeProvider _scopeProvider;
    private readonly IAuditContext _auditContext;
    private readonly IFieldProtector _fieldProtector;
    private readonly AuditMac? _auditMac;

    /// <param name="auditMac">The audit chain's key; null only for contexts made by hand (design time, tests of old schemas), whose entries are unkeyed.</param>
    protected ShegongDbContext(DbContextOptions options, IScopeProvider scopeProvider, IAuditContext auditContext, IFieldProtector fieldProtector, AuditMac? auditMac = null) : base(options)
    {
        _auditMac = auditMac;
        _scopeProvider = scopeProvider;
        _auditContext = auditContext;
        _fieldProtector = fieldProtector;
    }

    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<StationStaffMember> StationStaff => Set<StationStaffMember>();
    public DbSet<SocialWorkRoom> SocialWorkRooms => Set<SocialWorkRoom>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditReadDay> AuditReadDays => Set<AuditReadDay>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Person> Persons => Set<Person>();
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Need> Needs => Set<Need>();
    public DbSet<VisitRuleSet> VisitRuleSets => Set<VisitRuleSet>();
    public DbSet<StatFigure> StatFigures => Set<StatFigure>();
    public DbSet<StatPending> StatPending => Set<StatPending>();
    public DbSet<StatBuild> StatBuilds => Set<StatBuild>();
    public DbSet<PersonLedgerChange> PersonLedgerChanges => Set<PersonLedgerChange>();
    public DbSet<Wish> Wishes => Set<Wish>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<WishDelivery> WishDeliveries => Set<WishDelivery>();
    public DbSet<WishPhoto> WishPhotos => Set<WishPhoto>();
    public DbSet<Donor> Donors => Set<Donor>();
    public DbSet<DispatchOffer> DispatchOffers => Set<DispatchOffer>();
    public DbSet<Shegong.Domain.Notifications.Notification> Notifications => Set<Shegong.Domain.Notifications.Notification>();
    public DbSet<AuthSession> AuthSessions => Set<AuthSession>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();

    public DataScope Scope => _scopeProvider.Current;

    /// <summary>The audit chain's key this context writes with (null for contexts made by hand, which write and verify unkeyed).</summary>
    internal AuditMac? AuditMac => _auditMac;

    /// <summary>Reads and events queued for the audit chain; written by the next <c>SaveChangesAsync</c>.</summary>
    internal List<PendingAudit> PendingAudits { get; } = [];

    /// <summary>Bulk loads and re-plans (region imports, ledger imports, visit re-planning) record one summary entry instead of one per row.</summary>
    internal bool SuppressEntityAudit { get; set; }

    /// <summary>
    /// An edit made on <paramref name="version"/> of a record: false when someone saved the record since (the caller
    /// answers 409 and nothing is overwritten); otherwise the coming save is made conditional on that version.
    /// </summary>
    public bool MatchesVersion<T>(T entity, int version) where T : class, IVersioned
    {
        if (entity.Version != version) return false;
        Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = version;
        return true;
    }

    /// <summary>Records that a sensitive record was shown to the current user; saved with the next save.</summary>
    public void RecordRead(string entityType, string entityId, Guid? stationId, string regionPrefix, string details = "") =>
        PendingAudits.Add(new PendingAudit(AuditAction.Read, entityType, entityId, stationId, regionPrefix, details));

    public void RecordEvent(AuditAction action, string entityType, string entityId, Guid? stationId, string regionPrefix, string details = "") =>
        PendingAudits.Add(new PendingAudit(action, entityType, entityId, stationId, regionPrefix, details));

    // Read by the query filters; EF Core evaluates them per query on this context instance.
    private ScopeKind ScopeKindValue => _scopeProvider.Current.Kind;
    private string ScopePrefix => _scopeProvider.Current.RegionPrefix;
    private Guid? ScopeStationId => _scopeProvider.Current.StationId;
    private Guid? ScopeUserId => _scopeProvider.Current.UserId;
    // The account as it stands in an access list (IWorkerRestricted); "!" is in no list.
    private string ScopeUserToken => _scopeProvider.Current.UserId is { } u ? WorkerAccess.Token(u) : "!";
    private bool ScopeManagesStation => _scopeProvider.Current.ManagesStation;
    private bool ScopeSupervises => _scopeProvider.Current.Supervises;

    /// <summary>Every context checks that the sensitive values it reads were sealed for the rows they come from.</summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.AddInterceptors(FieldRowCheck.Instance);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ShegongDbContext).Assembly);
        // Configurations of encrypted columns need the protector (the model, and so this instance's protector, is cached per process).
        RegistryConfiguration.Apply(builder, _fieldProtector, Database.IsNpgsql());
        WishesConfiguration.Apply(builder, _fieldProtector);
        DispatchConfiguration.Apply(builder, _fieldProtector);
        ActivitiesConfiguration.Apply(builder, _fieldProtector);
        CasesConfiguration.Apply(builder, _fieldProtector);
        SnakeCaseNaming.Apply(builder);
        // Ciphertexts are bound to their table and column as named in the database, so the names come first.
        Encrypted.PlaceAll(builder.Model);

        // Stations are seen by their own staff and by the regions above them; audit records by the scope they concern
        // (those about nothing in particular only by the system). Station-, region- and user-owned records get the
        // filter of their markers (ApplyOwnershipFilter). All are one named filter, ScopeFilter, so that a module may add
        // filters of its own (named otherwise) that further restrict who sees a record (see docs/adding-a-module.md).
        builder.Entity<Station>().HasQueryFilter(ScopeFilter, (Station s) =>
            ScopeKindValue == ScopeKind.All
            || (ScopeKindValue == ScopeKind.Station && s.Id == ScopeStationId)
            || (ScopeKindValue == ScopeKind.Region && s.RegionPrefix.StartsWith(ScopePrefix)));
        ApplyAuditScopeFilter<AuditEntry>(builder);
        ApplyAuditScopeFilter<AuditReadDay>(builder);

        var apply = typeof(ShegongDbContext).GetMethod(nameof(ApplyOwnershipFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var type in builder.Model.GetEntityTypes().Where(t => t.BaseType is null && ScopeMarkers.IsOwned(t.ClrType)).ToList())
            apply.MakeGenericMethod(type.ClrType).Invoke(this, [builder]);
    }

    /// <summary>The name of the scope query filter (<c>IgnoreQueryFilters(ShegongDbContext.ScopeFilters)</c> lifts it alone).</summary>
    public const string ScopeFilter = "scope";

    /// <summary><c>IgnoreQueryFilters(ShegongDbContext.ScopeFilters)</c>: lifts the scope filter and keeps any other (usable inside queries).</summary>
    public static readonly IReadOnlyCollection<string> ScopeFilters = [ScopeFilter];

    /// <summary>
    /// The filter of a station-, region- and/or user-owned entity: the system sees it; otherwise a caller sees it when
    /// any of its markers' rules lets them (joined by "or"): <see cref="IStationOwned"/> — the caller's station, or a
    /// region above it; <see cref="IRegionOwned"/> — the caller's region prefix (a station's is its township's) is a
    /// prefix of the record's; <see cref="IUserOwned"/> — the caller is the owner. An account (<see cref="AppUser"/>)
    /// is also seen by itself.
    /// </summary>
    private void ApplyOwnershipFilter<T>(ModelBuilder builder) where T : class
    {
        var e = Expression.Parameter(typeof(T), "e");
        Expression body = Rule<object>(_ => ScopeKindValue == ScopeKind.All, e);
        if (typeof(IStationOwned).IsAssignableFrom(typeof(T)))
            body = Expression.OrElse(body, Rule<IStationOwned>(r =>
                (ScopeKindValue == ScopeKind.Station && r.StationId == ScopeStationId)
                || (ScopeKindValue == ScopeKind.Region && r.RegionPrefix.StartsWith(ScopePrefix)), e));
        // Per-worker restriction, joined by "and" to the rules above: inside the station, only the record's workers,
        // the station's manager and the supervisors assigned to the station (docs/security.md, "Cases").
        if (typeof(IWorkerRestricted).IsAssignableFrom(typeof(T)))
            body = Expression.AndAlso(body, Rule<IWorkerRestricted>(r =>
                ScopeKindValue == ScopeKind.All
                || (ScopeKindValue == ScopeKind.Station && ScopeManagesStation)
                || r.AccessList.Contains(ScopeUserToken)
                || (ScopeKindValue == ScopeKind.Region && ScopeSupervises
                    && Set<Shegong.Domain.Cases.SupervisorAssignment>().Any(a => a.UserId == ScopeUserId && a.StationId == r.StationId)), e));
        if (typeof(IRegionOwned).IsAssignableFrom(typeof(T)))
            body = Expression.OrElse(body, Rule<IRegionOwned>(r =>
                (ScopeKindValue == ScopeKind.Station || ScopeKindValue == ScopeKind.Region) && r.RegionPrefix.StartsWith(ScopePrefix), e));
        if (typeof(IUserOwned).IsAssignableFrom(typeof(T)))
            body = Expression.OrElse(body, Rule<IUserOwned>(r => ScopeUserId != null && r.UserId == ScopeUserId, e));
        if (typeof(T) == typeof(AppUser))
            body = Expression.OrElse(body, Rule<AppUser>(u => ScopeUserId != null && u.Id == ScopeUserId, e));
        builder.Entity<T>().HasQueryFilter(ScopeFilter, Expression.Lambda<Func<T, bool>>(body, e));
    }

    /// <summary>A rule written against a marker, applied to the entity's parameter (member accesses are rebound to the entity's own properties).</summary>
    private static Expression Rule<TMarker>(Expression<Func<TMarker, bool>> rule, ParameterExpression entity) =>
        new MarkerRebinder(rule.Parameters[0], entity).Visit(rule.Body);

    private sealed class MarkerRebinder(ParameterExpression marker, ParameterExpression entity) : ExpressionVisitor
    {
        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression == marker)
                return Expression.Property(entity, entity.Type.GetProperty(node.Member.Name)
                    ?? throw new InvalidOperationException($"{entity.Type.Name} has no property {node.Member.Name} of its marker"));
            return base.VisitMember(node);
        }

        protected override Expression VisitParameter(ParameterExpression node) => node == marker ? entity : node;
    }

    private void ApplyAuditScopeFilter<T>(ModelBuilder builder) where T : class, IAuditScoped
    {
        Expression<Func<T, bool>> filter = e =>
            ScopeKindValue == ScopeKind.All
            || (ScopeKindValue == ScopeKind.Station && e.StationId == ScopeStationId)
            || (ScopeKindValue == ScopeKind.Region && e.RegionPrefix != "" && e.RegionPrefix.StartsWith(ScopePrefix));
        builder.Entity<T>().HasQueryFilter(ScopeFilter, filter);
    }

    /// <summary>Set when this context's transaction changed figures (<see cref="TallyWriter.ApplyAsync"/>, <c>rebuild-stats</c>); cleared when it commits (<see cref="Statistics.FigureCommits"/>).</summary>
    public bool FiguresChanged { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Changes are detected once, here: the tally contributors, the audit and the save itself then read the tracker
        // without scanning every tracked entity again (each Entries() call would). The audit chain's head, changed
        // after this, is detected on its own (AuditWriter).
        ChangeTracker.DetectChanges();
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try { return await SaveDetectedAsync(acceptAllChangesOnSuccess, cancellationToken); }
        finally { ChangeTracker.AutoDetectChangesEnabled = autoDetect; }
    }

    private async Task<int> SaveDetectedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        // The encryption key is read before any write lock is taken (on SQLite a second connection would wait for it),
        // and only by saves that encrypt something.
        var encrypted = EncryptedTypes.GetOrAdd(Model, m => m.GetEntityTypes().Where(t => t.GetProperties().Any(Encrypted.IsEncrypted)).Select(t => t.ClrType).ToHashSet());
        if (ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified && encrypted.Contains(e.Metadata.ClrType)))
        {
            await _fieldProtector.PrepareAsync(cancellationToken);
            // Each value is sealed for its row: the converters learn the rows from here (this save's flow only).
            FieldRows.BindForSave(this, encrypted);
        }
        var writer = new AuditWriter(this, _auditContext, _auditMac);
        var tallies = await TallyWriter.CollectAsync(this, cancellationToken);
        if (tallies.Count == 0)
            return await writer.SaveWithAuditAsync(ct => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct), null, cancellationToken);
        // The aggregates change in the same transaction as the records they count.
        var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // In a transaction of its own a failed save ends the transaction anyway: no savepoint (two round trips) is needed.
        var savepoints = Database.AutoSavepointsEnabled;
        if (transaction is not null) Database.AutoSavepointsEnabled = false;
        try
        {
            var figures = TallyWriter.Prepare(this, tallies);
            // In its own transaction the first figure statements go with the audit chain's lock (one round trip less);
            // in a caller's transaction they follow the records' save, so that a failed save that the caller survives
            // (a savepoint rolled back) leaves no figure behind.
            var result = await writer.SaveWithAuditAsync(async ct =>
            {
                var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
                await figures.RunRemainingAsync(this, ct);
                return saved;
            }, transaction is not null ? figures : null, cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    // Entity types with an encrypted column, read from the model once per model (so a new module cannot be left out).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Microsoft.EntityFrameworkCore.Metadata.IModel, HashSet<Type>> EncryptedTypes = new();

    public Task PrepareEncryptionAsync(CancellationToken ct) => _fieldProtector.PrepareAsync(ct);

    /// <summary>
    /// Takes the lock of one audit chain and reads its head, making the head first if the chain has none — one
    /// statement on both databases: the upsert locks that chain's head row on PostgreSQL (saves of other chains do not
    /// wait) and takes the database's write lock on SQLite (one writer anyway). Held until the transaction ends. The
    /// head is returned tracked, so that the entries' save moves it. <paramref name="then"/>, statements whose string
    /// arguments are written <c>{0}</c>, <c>{1}</c> … (the save's first figure statements), run in the same command.
    /// </summary>
    internal async Task<AuditHead> LockAuditHeadAsync(string chain, (string Sql, IReadOnlyList<object> Args)? then, CancellationToken cancellationToken)
    {
        var connection = Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = """
            INSERT INTO audit_heads (chain, last_sequence, last_hash) VALUES (@chain, 0, @genesis)
            ON CONFLICT (chain) DO UPDATE SET last_sequence = audit_heads.last_sequence
            RETURNING last_sequence, last_hash;
            """;
        var args = new List<(string, object)> { ("chain", chain), ("genesis", AuditEntry.GenesisHash) };
        if (then is { } more)
        {
            command.CommandText += "\n" + ArgumentReference().Replace(more.Sql, m => "@t" + m.Groups[1].Value);
            args.AddRange(more.Args.Select((a, i) => ("t" + i, a)));
        }
        foreach (var (name, value) in args)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            p.DbType = System.Data.DbType.String;
            command.Parameters.Add(p);
        }
        AuditHead head;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            head = new AuditHead { Chain = chain, LastSequence = Convert.ToInt64(reader.GetValue(0)), LastHash = reader.GetString(1) };
            // The statements after the lock run (and fail, if they do) here, not unnoticed when the reader closes.
            while (await reader.NextResultAsync(cancellationToken)) { }
        }
        // A head still tracked from an earlier save of this context may be stale: the one just read replaces it.
        foreach (var tracked in ChangeTracker.Entries<AuditHead>().ToList()) tracked.State = EntityState.Detached;
        AuditHeads.Attach(head);
        return head;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(\d+)\}")]
    private static partial System.Text.RegularExpressions.Regex ArgumentReference();
}

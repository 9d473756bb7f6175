namespace Shegong.Domain.Audit;

/// <summary>
/// The sensitive reads of one user of one record on one day (China time), counted: what the audit page shows as one
/// row ("查看 12 次，09:12–16:40"). Every read is still an <see cref="AuditEntry"/> of its chain (PIPL); this digest
/// is kept beside them, in the same transaction, so that the page pages through groups without grouping millions of
/// entries at every request. It is not part of any hash chain.
/// </summary>
public sealed class AuditReadDay : IAuditScoped
{
    public DateOnly Day { get; private set; }
    public string UserName { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public Guid? UserId { get; private set; }
    public Guid? StationId { get; private set; }
    public string RegionPrefix { get; private set; } = "";
    public int Count { get; private set; }
    public DateTime FirstUtc { get; private set; }
    public DateTime LastUtc { get; private set; }
    /// <summary>What the first read of the day was for ("wish with beneficiary").</summary>
    public string Details { get; private set; } = "";

    private AuditReadDay() { }

    /// <summary>The digest of a read entry's day, counting that entry.</summary>
    public static AuditReadDay Start(AuditEntry read, DateOnly day) => new()
    {
        Day = day,
        UserName = read.UserName,
        EntityType = read.EntityType,
        EntityId = read.EntityId,
        UserId = read.UserId,
        StationId = read.StationId,
        RegionPrefix = read.RegionPrefix,
        Count = 1,
        FirstUtc = read.TimestampUtc,
        LastUtc = read.TimestampUtc,
        Details = read.Details,
    };

    public void Add(AuditEntry read)
    {
        Count++;
        if (read.TimestampUtc < FirstUtc) FirstUtc = read.TimestampUtc;
        if (read.TimestampUtc > LastUtc) LastUtc = read.TimestampUtc;
    }
}

using BenchmarkDotNet.Attributes;
using Shegong.Domain.Audit;
using Shegong.Domain.Regions;

namespace Shegong.Benchmarks;

/// <summary>
/// The per-row costs of the foundation's hot paths: parsing a region code (every imported row) and chaining an
/// audit entry (every write). Both run inside a transaction, so they must stay far below a database round trip.
/// </summary>
[MemoryDiagnoser]
public class FoundationBenchmarks
{
    private readonly string[] _codes = ["440112010001", "440112", "440100", "440000", "440112010000", "441900"];
    private AuditEntry? _previous;

    [Benchmark]
    public int ParseRegionCodes()
    {
        var n = 0;
        foreach (var c in _codes) if (RegionCode.TryParse(c, out var code, out _)) n += code.Prefix.Length;
        return n;
    }

    [Benchmark]
    public string ChainAuditEntry()
    {
        _previous = AuditEntry.Append(AuditChains.System, (_previous?.Sequence ?? 0) + 1, _previous?.Hash ?? AuditEntry.GenesisHash, DateTime.UtcNow,
            Guid.CreateVersion7(), "worker", AuditAction.Update, "Station", Guid.CreateVersion7().ToString(), Guid.CreateVersion7(),
            "440112010", "127.0.0.1", "Name,Address");
        return _previous.Hash;
    }
}

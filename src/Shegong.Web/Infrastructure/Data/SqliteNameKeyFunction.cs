using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Shegong.Domain.Registry;

namespace Shegong.Web.Infrastructure.Data;

/// <summary>
/// SQLite has no Chinese collation: names are ordered by a sort key stored at write time (<see cref="NameOrder"/>).
/// Every connection of the SQLite context gets <c>shegong_name_key(name)</c>, the same key computed by .NET's ICU, so
/// that SQL can compute it too — the migration that added the key fills the rows already on file with it.
/// </summary>
public sealed class SqliteNameKeyFunction : DbConnectionInterceptor
{
    public const string Name = "shegong_name_key";
    public static readonly SqliteNameKeyFunction Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
            sqlite.CreateFunction<string?, byte[]?>(Name, name => name is null ? null : NameOrder.SortKey(name), isDeterministic: true);
    }
}

using Shegong.Web;
using Shegong.Web.Infrastructure.Commands;

// `dotnet run --project src/Shegong.Web -- <command>` runs an administrative command through the same host.
var (command, hostArgs) = ShegongCommands.Split(args);
var app = ShegongHost.Build(hostArgs);
if (command is not null) return await ShegongCommands.RunAsync(app, command);

await ShegongHost.PrepareDatabaseAsync(app);
await app.RunAsync();
return 0;

public partial class Program;

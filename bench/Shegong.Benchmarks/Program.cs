using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Shegong.Benchmarks -- --filter '*'
// Database benchmarks need the generated benchmark database: see bench/README.md.
if (args.Length > 0 && args[0] == "visits-load") return await Shegong.Benchmarks.VisitLoadRun.RunAsync(args);
if (args.Length > 0 && args[0] == "dispatch") return Shegong.Benchmarks.DispatchRun.Run(args);
if (args.Length > 0 && args[0].StartsWith("import-")) return await Shegong.Benchmarks.ImportRun.RunAsync(args);
BenchmarkSwitcher.FromAssembly(typeof(Shegong.Benchmarks.FoundationBenchmarks).Assembly).Run(args);
return 0;

using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Shegong.Benchmarks -- --filter '*'
// Database benchmarks need the generated benchmark database: see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Shegong.Benchmarks.FoundationBenchmarks).Assembly).Run(args);

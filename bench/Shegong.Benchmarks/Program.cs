using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Shegong.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Shegong.Benchmarks.FoundationBenchmarks).Assembly).Run(args);

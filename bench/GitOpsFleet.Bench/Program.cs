using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(GitOpsFleet.Bench.BenchMarker).Assembly).Run(args);

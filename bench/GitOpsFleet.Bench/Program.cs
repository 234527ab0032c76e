using BenchmarkDotNet.Running;

// `scenario NAME ...` runs a timed service scenario (see Service/ServiceScenarios); anything else goes to
// BenchmarkDotNet, so `--filter` and the other switcher options work as before.
if (args.Length > 0 && args[0] == "scenario") return await GitOpsFleet.Bench.Service.ServiceScenarios.RunAsync(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(GitOpsFleet.Bench.BenchMarker).Assembly).Run(args);
return 0;

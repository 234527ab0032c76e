using GitOpsFleet.Reconciler.Cli;

return await CommandLine.RunAsync(args);

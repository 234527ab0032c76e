using GitOpsFleet.Scripting.Worker;

// Started by ScalingScriptEngine with its standard streams as the channel; never run by hand.
return ScriptWorkerServer.Run(Console.OpenStandardInput(), Console.OpenStandardOutput());

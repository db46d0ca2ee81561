using Infra.Bench;

return await BenchCli.RunAsync(args);

using Infra.Api.Cli;

return await InfraCli.RunAsync(args);

/// <summary>The entry point; visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
